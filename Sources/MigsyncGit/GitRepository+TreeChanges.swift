import CLibgit2

/// A file that differs between two commits: what the path holds in the newer one.
public struct GitTreeChange: Sendable, Hashable {
    /// Path relative to the repository root.
    public let path: String
    /// The file in the newer commit, `nil` when the path holds no file there (deleted, or
    /// replaced by a folder or a submodule).
    public let entry: GitTreeEntry?

    public init(path: String, entry: GitTreeEntry?) {
        self.path = path
        self.entry = entry
    }
}

extension GitRepository {
    /// The files under `prefix` that differ between `from` and `to`, sorted by path, with
    /// what each path holds in `to`.
    ///
    /// Only subtrees whose ids differ are read (a tree-to-tree diff), so the cost grows with
    /// what changed, not with the size of the tree: listing ten thousand files again after a
    /// one-file commit is what this avoids.
    public func treeChanges(from: GitObjectID, to: GitObjectID, under prefix: String = "") throws -> [GitTreeChange] {
        let paths = try changedPaths(from: from, to: to, under: prefix)
        if paths.isEmpty { return [] }
        return try withCommitTree(to, "read tree") { root in
            try paths.map { path in GitTreeChange(path: path, entry: try Self.fileEntry(at: path, in: root)) }
        }
    }

    /// The file (blob or symbolic link) at `path` in `tree`, or `nil` when there is none.
    static func fileEntry(at path: String, in tree: OpaquePointer) throws -> GitTreeEntry? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(code, "look up \(path)")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return makeEntry(path: path, entry: entry)
    }
}
