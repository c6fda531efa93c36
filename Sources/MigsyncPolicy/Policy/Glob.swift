/// A shell-style pattern: `*` matches any run of characters, `?` one character; everything
/// else matches itself. Enough for namespace, plan, cluster and identity selectors.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let scalars: [Unicode.Scalar]

    public init(_ pattern: String) {
        self.pattern = pattern
        self.scalars = Array(pattern.unicodeScalars)
    }

    public var description: String { pattern }

    /// `true` when the whole of `text` matches. Case-sensitive, as Kubernetes names are.
    public func matches(_ text: String) -> Bool {
        let s = Array(text.unicodeScalars)
        // Iterative matcher with one backtrack point per `*`: linear for realistic patterns.
        var p = 0
        var t = 0
        var star = -1
        var mark = 0
        while t < s.count {
            if p < scalars.count, scalars[p] == "?" || scalars[p] == s[t], scalars[p] != "*" {
                p += 1
                t += 1
            } else if p < scalars.count, scalars[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < scalars.count, scalars[p] == "*" { p += 1 }
        return p == scalars.count
    }

    /// `true` when any of `globs` matches `text`.
    static func any(_ globs: [Glob], _ text: String) -> Bool { globs.contains { $0.matches(text) } }
}
