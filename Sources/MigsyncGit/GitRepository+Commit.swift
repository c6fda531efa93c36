import CLibgit2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension GitRepository {
    /// Creates a commit whose tree is `parent`'s tree with `changes` applied, and moves `ref` to it.
    ///
    /// No working tree or index is involved, so this works in a bare mirror. The reference update
    /// is a compare-and-swap: libgit2 refuses when `ref` exists and does not point at `parent`,
    /// so two writers cannot silently overwrite each other.
    ///
    /// - Parameters:
    ///   - ref: the reference to move (`refs/heads/migsync/status`); created when absent.
    ///   - parent: the commit to build on, or `nil` for a root commit.
    ///   - changes: repository-relative path → new contents; `nil` removes the file (removing a
    ///     file that is not there is not an error). A changed file keeps its executable bit.
    ///   - message: the full commit message.
    ///   - identity: author and committer.
    /// - Returns: the new commit.
    @discardableResult
    public func commit<Contents: GitFileContents>(
        on ref: String,
        parent: GitObjectID?,
        changes: [String: Contents?],
        message: String,
        identity: GitIdentity
    ) throws -> GitObjectID {
        let treeID = try writeTree(base: parent, changes: changes)
        var treeOID = treeID.oid
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &treeOID), "commit on \(ref): read new tree")
        defer { git_tree_free(tree) }

        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_now(&signature, identity.name, identity.email), "commit on \(ref): make signature")
        defer { git_signature_free(signature) }

        var parentHandle: OpaquePointer?
        if let parent {
            var parentOID = parent.oid
            try check(git_commit_lookup(&parentHandle, pointer, &parentOID), "commit on \(ref): read parent")
        }
        defer { git_commit_free(parentHandle) }

        var newOID = git_oid()
        var parents: [OpaquePointer?] = parentHandle.map { [$0] } ?? []
        let code = parents.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(
                &newOID, pointer, Self.fullReference(ref), signature, signature, nil, message, tree,
                buffer.count, buffer.baseAddress
            )
        }
        try check(code, "commit on \(ref)")
        return GitObjectID(newOID)
    }

    /// Writes the tree `base`'s tree + `changes` and returns its id.
    private func writeTree<Contents: GitFileContents>(base: GitObjectID?, changes: [String: Contents?]) throws
        -> GitObjectID
    {
        var baseTree: OpaquePointer?
        if let base {
            _ = try withCommit(base, "commit") { commit in
                try check(git_commit_tree(&baseTree, commit), "commit: read tree of \(base.short)")
            }
        } else {
            var builder: OpaquePointer?
            try check(git_treebuilder_new(&builder, pointer, nil), "commit: start empty tree")
            defer { git_treebuilder_free(builder) }
            var empty = git_oid()
            try check(git_treebuilder_write(&empty, builder), "commit: write empty tree")
            try check(git_tree_lookup(&baseTree, pointer, &empty), "commit: read empty tree")
        }
        defer { git_tree_free(baseTree) }
        guard let baseTree else { throw GitError.invalidArgument("commit: no base tree") }

        var paths: [String] = []
        var actions: [git_tree_update_t] = []
        var blobs: [git_oid] = []
        var modes: [git_filemode_t] = []
        for (rawPath, contents) in changes.sorted(by: { $0.key < $1.key }) {
            let path = Self.normalizedPrefix(rawPath)
            guard !path.isEmpty else { throw GitError.invalidArgument("commit: empty path in changes") }
            let existing = try Self.existingMode(at: path, in: baseTree)
            if let contents {
                var blob = git_oid()
                let code = contents.withFileBytes { bytes in
                    git_blob_create_from_buffer(&blob, pointer, bytes.baseAddress, bytes.count)
                }
                try check(code, "commit: write blob for \(path)")
                paths.append(path)
                actions.append(GIT_TREE_UPDATE_UPSERT)
                blobs.append(blob)
                modes.append(
                    existing == GIT_FILEMODE_BLOB_EXECUTABLE ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB)
            } else if existing != nil {
                // libgit2 fails on removing what is not there; skipping keeps deletion idempotent.
                paths.append(path)
                actions.append(GIT_TREE_UPDATE_REMOVE)
                blobs.append(git_oid())
                modes.append(GIT_FILEMODE_BLOB)
            }
        }
        if paths.isEmpty { return GitObjectID(git_tree_id(baseTree)) }

        let cPaths: [UnsafeMutablePointer<CChar>?] = paths.map { strdup($0) }
        defer { cPaths.forEach { free($0) } }
        var updates: [git_tree_update] = (0..<paths.count).map { index in
            git_tree_update(action: actions[index], id: blobs[index], filemode: modes[index], path: cPaths[index])
        }
        var result = git_oid()
        let code = updates.withUnsafeMutableBufferPointer { buffer in
            git_tree_create_updated(&result, pointer, baseTree, buffer.count, buffer.baseAddress)
        }
        try check(code, "commit: write tree")
        return GitObjectID(result)
    }

    private static func existingMode(at path: String, in tree: OpaquePointer) throws -> git_filemode_t? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(code, "commit: look up \(path)")
        defer { git_tree_entry_free(entry) }
        return git_tree_entry_filemode(entry)
    }
}

/// A file's contents as a commit writes them: bytes, or text as its UTF-8.
///
/// Status notes run to megabytes; taking the text as it is saves copying it into a byte
/// array first.
public protocol GitFileContents {
    func withFileBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result
}

extension Array: GitFileContents where Element == UInt8 {
    public func withFileBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withUnsafeBytes(body)
    }
}

extension String: GitFileContents {
    public func withFileBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        // A native string is stored as contiguous UTF-8, so this reads it in place.
        var text = self
        return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
