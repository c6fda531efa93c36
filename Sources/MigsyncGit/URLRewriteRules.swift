/// Git's `url.<base>.insteadOf` and `url.<base>.pushInsteadOf` rules, applied by migsync
/// rather than by libgit2.
///
/// libgit2 applies these rules itself when it creates a remote, but libgit2 1.5 (the version
/// Debian 12 ships) matches configuration names with a PCRE2 expression whose match data it
/// does not free: about 70 KiB leaks for every remote created. The daemon creates a remote on
/// every pass, so that grows into hundreds of megabytes a day. Remotes are therefore created
/// with libgit2's rewriting turned off, and these rules, read with a plain walk of the
/// configuration, give the same URLs git would use.
struct URLRewriteRules: Sendable, Hashable {
    /// One `url.<base>.insteadOf = <prefix>` (or `pushInsteadOf`) setting.
    struct Rule: Sendable, Hashable {
        var prefix: String
        var base: String
    }

    var insteadOf: [Rule] = []
    var pushInsteadOf: [Rule] = []

    /// The URL git would connect to for `url`: for fetching, the longest `insteadOf` prefix
    /// is replaced by its base; for pushing, the longest `pushInsteadOf` prefix if any
    /// matches, else the `insteadOf` rewrite.
    func rewritten(_ url: String, forPush: Bool) -> String {
        if forPush, let pushed = Self.longestMatch(of: url, in: pushInsteadOf) { return pushed }
        return Self.longestMatch(of: url, in: insteadOf) ?? url
    }

    private static func longestMatch(of url: String, in rules: [Rule]) -> String? {
        let best = rules.filter { !$0.prefix.isEmpty && url.hasPrefix($0.prefix) }
            .max { $0.prefix.utf8.count < $1.prefix.utf8.count }
        return best.map { $0.base + url.dropFirst($0.prefix.count) }
    }

    /// Adds the setting named `name` (`url.<base>.insteadof`, as libgit2 reports names: section
    /// and key in lower case, the base as written) when it is one of the two rewrite keys.
    mutating func add(name: String, value: String) {
        guard name.hasPrefix("url.") else { return }
        let rest = name.dropFirst("url.".count)
        for (key, isPush) in [(".insteadof", false), (".pushinsteadof", true)] where rest.hasSuffix(key) {
            let base = String(rest.dropLast(key.count))
            guard !base.isEmpty else { return }
            let rule = Rule(prefix: value, base: base)
            if isPush { pushInsteadOf.append(rule) } else { insteadOf.append(rule) }
            return
        }
    }
}
