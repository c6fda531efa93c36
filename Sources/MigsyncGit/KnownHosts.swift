import Foundation

/// Checks an SSH server's host key against an OpenSSH `known_hosts` file.
///
/// libgit2 1.5 accepts any host key unless the caller checks it, so every SSH connection goes
/// through ``verify(host:port:key:knownHostsPath:)`` and an unknown or changed key stops the
/// connection. Supported: plain and hashed (`|1|salt|hash`) host names, comma-separated host
/// lists, `[host]:port` entries, `*`/`?` wildcards, `!` negation and `@revoked` lines.
/// `@cert-authority` lines are ignored (certificate host keys are not supported).
enum KnownHosts {
    enum Verdict: Equatable {
        case trusted
        case rejected(String)
    }

    static var defaultPath: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return "\(home)/.ssh/known_hosts"
    }

    /// Whether `key` (the raw SSH wire-format host key) is the known key of `host`:`port`.
    static func verify(host: String, port: Int, key: [UInt8], knownHostsPath: String) -> Verdict {
        guard let data = FileManager.default.contents(atPath: knownHostsPath) else {
            return .rejected("cannot read known_hosts file \(knownHostsPath)")
        }
        let names = port == 22 ? [host] : ["[\(host)]:\(port)"]
        let encodedKey = Data(key).base64EncodedString()
        var sawHost = false
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            var marker: String?
            if first.hasPrefix("@") {
                marker = first
                fields.removeFirst()
            }
            guard fields.count >= 3, names.contains(where: { matches(hostPatterns: fields[0], name: $0) }) else {
                continue
            }
            let keyMatches = fields[2] == encodedKey
            switch marker {
            case "@revoked":
                if keyMatches { return .rejected("the host key is marked @revoked in \(knownHostsPath)") }
            case nil:
                if keyMatches { return .trusted }
                sawHost = true
            default:
                continue
            }
        }
        if sawHost {
            return .rejected(
                "the host key does not match the one recorded in \(knownHostsPath) (possible man-in-the-middle)"
            )
        }
        return .rejected("\(names[0]) is not listed in \(knownHostsPath)")
    }

    /// The port an SSH URL connects to (`ssh://host:2222/x` → 2222; `user@host:path` → 22).
    static func port(inURL url: String) -> Int {
        guard let schemeEnd = url.firstRange(of: "://") else { return 22 }
        let afterScheme = url[schemeEnd.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" }
        let hostPort = authority.split(separator: "@").last ?? authority[...]
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            let rest = hostPort[hostPort.index(after: close)...]
            return rest.hasPrefix(":") ? Int(rest.dropFirst()) ?? 22 : 22
        }
        if let colon = hostPort.lastIndex(of: ":") {
            return Int(hostPort[hostPort.index(after: colon)...]) ?? 22
        }
        return 22
    }

    /// Whether a comma-separated host pattern list matches `name`; a matching `!pattern`
    /// excludes the line whatever else matches.
    static func matches(hostPatterns: String, name: String) -> Bool {
        if hostPatterns.hasPrefix("|1|") {
            return matchesHashed(hostPatterns, name: name)
        }
        var matched = false
        for pattern in hostPatterns.split(separator: ",") {
            if pattern.hasPrefix("!") {
                if wildcardMatch(pattern.dropFirst().lowercased(), name.lowercased()) { return false }
            } else if wildcardMatch(pattern.lowercased(), name.lowercased()) {
                matched = true
            }
        }
        return matched
    }

    /// `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, as written by `HashKnownHosts yes`.
    private static func matchesHashed(_ field: String, name: String) -> Bool {
        let parts = field.split(separator: "|", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0] == "1", let salt = Data(base64Encoded: String(parts[1])),
            let hash = Data(base64Encoded: String(parts[2]))
        else { return false }
        return SHA1.hmac(key: Array(salt), message: Array(name.utf8)) == Array(hash)
    }

    private static func wildcardMatch(_ pattern: some StringProtocol, _ text: some StringProtocol) -> Bool {
        let p = Array(pattern.utf8)
        let t = Array(text.utf8)
        var pi = 0
        var ti = 0
        var star: Int?
        var mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = ti
                pi += 1
            } else if let star {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
