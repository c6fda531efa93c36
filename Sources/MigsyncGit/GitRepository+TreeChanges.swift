import CLibgit2
import Foundation

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
    /// The two trees are compared entry by entry and only subtrees whose ids differ are
    /// entered, so the cost grows with what changed (and the size of the folders it changed
    /// in), not with the size of the tree: listing ten thousand files again after a one-file
    /// commit is what this avoids.
    public func treeChanges(from: GitObjectID, to: GitObjectID, under prefix: String = "") throws -> [GitTreeChange] {
        let folder = Self.normalizedPrefix(prefix)
        var changes: [GitTreeChange] = []
        try withCommitTree(from, "read tree") { oldRoot in
            try withCommitTree(to, "read tree") { newRoot in
                if folder.isEmpty {
                    try compare(oldRoot, newRoot, prefix: "", into: &changes)
                    return
                }
                // The prefix names a folder (compared entry by entry) or, rarely, a file.
                let oldType = try Self.entryType(at: folder, in: oldRoot)
                let newType = try Self.entryType(at: folder, in: newRoot)
                if oldType == GIT_OBJECT_BLOB || newType == GIT_OBJECT_BLOB {
                    changes = Self.changes(
                        from: try treeEntries(at: from, under: folder), to: try treeEntries(at: to, under: folder))
                    return
                }
                try withSubtree(folder, in: oldRoot) { oldTree in
                    try withSubtree(folder, in: newRoot) { newTree in
                        try compare(oldTree, newTree, prefix: folder + "/", into: &changes)
                    }
                }
            }
        }
        return changes.sorted { $0.path < $1.path }
    }

    /// Changes between two complete file lists.
    private static func changes(from old: [GitTreeEntry], to new: [GitTreeEntry]) -> [GitTreeChange] {
        let before = Dictionary(old.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [GitTreeChange] = []
        for (path, entry) in after where before[path] != entry {
            result.append(GitTreeChange(path: path, entry: entry))
        }
        for path in before.keys where after[path] == nil { result.append(GitTreeChange(path: path, entry: nil)) }
        return result
    }

    private static func entryType(at path: String, in tree: OpaquePointer) throws -> git_object_t? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(code, "look up \(path)")
        defer { git_tree_entry_free(entry) }
        return git_tree_entry_type(entry)
    }

    private func withSubtree(_ path: String, in root: OpaquePointer, _ body: (OpaquePointer?) throws -> Void) throws {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, root, path)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return try body(nil)
        }
        try check(code, "look up \(path)")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return try body(nil) }
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, git_tree_entry_id(entry)), "read tree \(path)")
        defer { git_tree_free(tree) }
        try body(tree)
    }

    /// Appends the file changes between two trees (either may be absent) under `prefix`.
    private func compare(
        _ old: OpaquePointer?, _ new: OpaquePointer?, prefix: String, into changes: inout [GitTreeChange]
    ) throws {
        let oldCount = old.map { git_tree_entrycount($0) } ?? 0
        let newCount = new.map { git_tree_entrycount($0) } ?? 0
        // Entries present in `new`: added, changed or the same.
        for index in 0..<newCount {
            guard let new, let entry = git_tree_entry_byindex(new, index), let name = git_tree_entry_name(entry)
            else { continue }
            var counterpart: OpaquePointer?
            if let old {
                // Trees that differ in a few entries line up index by index until the first
                // difference; look the name up only when they do not.
                if index < oldCount, let candidate = git_tree_entry_byindex(old, index),
                    strcmp(git_tree_entry_name(candidate), name) == 0
                {
                    counterpart = candidate
                } else {
                    counterpart = git_tree_entry_byname(old, name)
                }
            }
            if let counterpart, git_oid_equal(git_tree_entry_id(counterpart), git_tree_entry_id(entry)) == 1,
                git_tree_entry_filemode(counterpart) == git_tree_entry_filemode(entry)
            {
                continue
            }
            try entryChanged(
                counterpart.map { Side(entry: $0) }, Side(entry: entry), path: prefix + String(cString: name),
                into: &changes)
        }
        // Entries only in `old`: removed.
        for index in 0..<oldCount {
            guard let old, let entry = git_tree_entry_byindex(old, index), let name = git_tree_entry_name(entry)
            else { continue }
            if let new {
                if index < newCount, let candidate = git_tree_entry_byindex(new, index),
                    strcmp(git_tree_entry_name(candidate), name) == 0
                {
                    continue
                }
                if git_tree_entry_byname(new, name) != nil { continue }
            }
            try entryChanged(Side(entry: entry), nil, path: prefix + String(cString: name), into: &changes)
        }
    }

    /// One tree entry: a file (blob or link), a folder, or something else (a submodule).
    private struct Side {
        let entry: OpaquePointer
        var isTree: Bool { git_tree_entry_type(entry) == GIT_OBJECT_TREE }
        var isFile: Bool { git_tree_entry_type(entry) == GIT_OBJECT_BLOB }
    }

    private func entryChanged(_ old: Side?, _ new: Side?, path: String, into changes: inout [GitTreeChange]) throws {
        if old?.isTree == true || new?.isTree == true {
            try withTree(old?.isTree == true ? old : nil) { oldTree in
                try withTree(new?.isTree == true ? new : nil) { newTree in
                    try compare(oldTree, newTree, prefix: path + "/", into: &changes)
                }
            }
        }
        let oldFile = old?.isFile == true
        let newFile = new?.isFile == true
        if newFile, let new {
            changes.append(GitTreeChange(path: path, entry: Self.makeEntry(path: path, entry: new.entry)))
        } else if oldFile {
            changes.append(GitTreeChange(path: path, entry: nil))
        }
    }

    private func withTree(_ side: Side?, _ body: (OpaquePointer?) throws -> Void) throws {
        guard let side else { return try body(nil) }
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, git_tree_entry_id(side.entry)), "read tree")
        defer { git_tree_free(tree) }
        try body(tree)
    }
}
