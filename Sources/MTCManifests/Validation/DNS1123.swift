/// Kubernetes name rules (RFC 1123), which namespaces, service accounts and object names
/// must follow.
public enum DNS1123 {
    /// A label: at most 63 characters of `[a-z0-9-]`, starting and ending alphanumeric.
    /// Namespaces and hook execution namespaces are labels.
    public static func isLabel(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard !bytes.isEmpty, bytes.count <= 63 else { return false }
        guard isAlnum(bytes[0]), isAlnum(bytes[bytes.count - 1]) else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// A subdomain: at most 253 characters, dot-separated labels. Object names and service
    /// accounts are subdomains.
    public static func isSubdomain(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 253 else { return false }
        return s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel(String($0)) }
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
