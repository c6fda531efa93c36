/// Kubernetes name rules the controller checks (namespaces, service accounts).
enum DNSNames {
    /// RFC 1123 label: at most 63 lower-case alphanumerics or `-`, starting and ending
    /// alphanumeric.
    static func isLabel(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 63 else { return false }
        let chars = Array(name.utf8)
        func alnum(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) }
        guard alnum(chars[0]), alnum(chars[chars.count - 1]) else { return false }
        return chars.allSatisfy { alnum($0) || $0 == 45 }
    }

    /// RFC 1123 subdomain: dot-separated labels, at most 253 characters.
    static func isSubdomain(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel(String($0)) }
    }
}
