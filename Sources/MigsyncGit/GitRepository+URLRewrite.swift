import CLibgit2

extension GitRepository {
    /// The `insteadOf` and `pushInsteadOf` rules of the repository's configuration (with the
    /// global and system files, as libgit2 reads them).
    func urlRewriteRules() throws -> URLRewriteRules {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, pointer), "read the configuration of \(path)")
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        try check(git_config_iterator_new(&iterator, config), "read the configuration of \(path)")
        defer { git_config_iterator_free(iterator) }
        var rules = URLRewriteRules()
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0 {
            guard let name = entry?.pointee.name, let value = entry?.pointee.value else { continue }
            rules.add(name: String(cString: name), value: String(cString: value))
        }
        git_error_clear()
        return rules
    }
}
