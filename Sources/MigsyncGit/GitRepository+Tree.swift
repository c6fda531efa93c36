import CLibgit2

extension GitRepository {
    /// Every file in `commit`'s tree under `prefix`, recursively, in tree order.
    ///
    /// Paths are relative to the repository root (not to `prefix`). Submodule entries are
    /// skipped: they carry no content of this repository.
    ///
    /// - Parameters:
    ///   - commit: the commit whose tree is read.
    ///   - prefix: a folder (`"manifests"`, `"a/b/"`) or `""` for the whole tree. A prefix that
    ///     names a single file yields that file; one that does not exist yields nothing.
    public func treeEntries(at commit: GitObjectID, under prefix: String = "") throws -> [GitTreeEntry] {
        let folder = Self.normalizedPrefix(prefix)
        return try withCommitTree(commit, "read tree") { root in
            if folder.isEmpty {
                return try walk(root, prefix: "")
            }
            var entry: OpaquePointer?
            let code = git_tree_entry_bypath(&entry, root, folder)
            if code == GIT_ENOTFOUND.rawValue {
                git_error_clear()
                return []
            }
            try check(code, "read tree at \(commit.short) under \(folder)")
            defer { git_tree_entry_free(entry) }
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE:
                var subtree: OpaquePointer?
                try check(git_tree_lookup(&subtree, pointer, git_tree_entry_id(entry)), "read tree \(folder)")
                defer { git_tree_free(subtree) }
                guard let subtree else { return [] }
                return try walk(subtree, prefix: folder + "/")
            case GIT_OBJECT_BLOB:
                return [Self.makeEntry(path: folder, entry: entry)].compactMap { $0 }
            default:
                return []
            }
        }
    }

    /// The bytes of a blob.
    public func blobContents(_ id: GitObjectID) throws -> [UInt8] {
        var oid = id.oid
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, pointer, &oid), "read blob \(id.short)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// Passes a blob's bytes to `body` without copying them out of libgit2; the buffer is valid
    /// only during the call.
    public func withBlobContents<R>(_ id: GitObjectID, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        var oid = id.oid
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, pointer, &oid), "read blob \(id.short)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// The size in bytes of a blob, without reading its contents into Swift.
    public func blobSize(_ id: GitObjectID) throws -> Int {
        var oid = id.oid
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, pointer, &oid), "read blob \(id.short)")
        defer { git_blob_free(blob) }
        return Int(git_blob_rawsize(blob))
    }

    /// The object id of the tree or blob at `path` in `commit`, or `nil` when absent.
    func entryID(at path: String, in commit: GitObjectID) throws -> GitObjectID? {
        let normalized = Self.normalizedPrefix(path)
        return try withCommitTree(commit, "read tree") { root in
            if normalized.isEmpty { return GitObjectID(git_tree_id(root)) }
            return try Self.entryID(at: normalized, in: root)
        }
    }

    static func entryID(at path: String, in tree: OpaquePointer) throws -> GitObjectID? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(code, "look up \(path)")
        defer { git_tree_entry_free(entry) }
        return GitObjectID(git_tree_entry_id(entry))
    }

    /// `"a/b/"`, `"/a/b"`, `"./a/b"` → `"a/b"`; `"."`, `"/"` and `""` → `""`.
    static func normalizedPrefix(_ prefix: String) -> String {
        var parts = prefix.split(separator: "/", omittingEmptySubsequences: true)
        parts.removeAll { $0 == "." }
        return parts.joined(separator: "/")
    }

    private func walk(_ tree: OpaquePointer, prefix: String) throws -> [GitTreeEntry] {
        final class Collector {
            let prefix: String
            var entries: [GitTreeEntry] = []
            init(prefix: String) { self.prefix = prefix }
        }
        let collector = Collector(prefix: prefix)
        try withExtendedLifetime(collector) {
            let payload = Unmanaged.passUnretained(collector).toOpaque()
            let code = git_tree_walk(
                tree,
                GIT_TREEWALK_PRE,
                { root, entry, payload in
                    guard let payload, let entry else { return 0 }
                    let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
                    guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB, let name = git_tree_entry_name(entry) else {
                        return 0
                    }
                    let folder = root.map { String(cString: $0) } ?? ""
                    let path = collector.prefix + folder + String(cString: name)
                    if let made = GitRepository.makeEntry(path: path, entry: entry) {
                        collector.entries.append(made)
                    }
                    return 0
                },
                payload
            )
            try check(code, "walk tree")
        }
        return collector.entries
    }

    static func makeEntry(path: String, entry: OpaquePointer?) -> GitTreeEntry? {
        guard let entry, let id = git_tree_entry_id(entry) else { return nil }
        let mode = git_tree_entry_filemode(entry)
        return GitTreeEntry(
            path: path,
            blobID: GitObjectID(id),
            isExecutable: mode == GIT_FILEMODE_BLOB_EXECUTABLE,
            isSymbolicLink: mode == GIT_FILEMODE_LINK
        )
    }
}
