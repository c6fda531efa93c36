import CLibgit2
import Foundation

extension GitRepository {
    /// Paths of files whose content, mode or presence differs between two commits, limited to
    /// `prefix`; sorted, relative to the repository root.
    ///
    /// No rename detection: a renamed file is reported under both its old and new path, which is
    /// what a reconciler wants (the old object may need pruning, the new one applying).
    ///
    /// - Parameters:
    ///   - from: the older commit, or `nil` for "nothing", which lists every file in `to`.
    ///   - to: the newer commit.
    ///   - prefix: a folder to limit the comparison to, or `""` for the whole tree.
    public func changedPaths(from: GitObjectID?, to: GitObjectID, under prefix: String = "") throws -> [String] {
        let folder = Self.normalizedPrefix(prefix)
        guard let from else {
            return try treeEntries(at: to, under: folder).map(\.path).sorted()
        }
        let oldSubtree = try subtreeID(of: from, at: folder)
        let newSubtree = try subtreeID(of: to, at: folder)
        if oldSubtree == newSubtree { return [] }
        return try withOptionalTree(oldSubtree) { oldTree in
            try withOptionalTree(newSubtree) { newTree in
                var options = git_diff_options()
                git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
                var diff: OpaquePointer?
                try check(
                    git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, &options),
                    "diff \(from.short)..\(to.short)"
                )
                defer { git_diff_free(diff) }
                let base = folder.isEmpty ? "" : folder + "/"
                var paths = Set<String>()
                for index in 0..<git_diff_num_deltas(diff) {
                    guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
                    for file in [delta.old_file, delta.new_file] where file.mode != 0 && file.mode != 0o040000 {
                        if let path = file.path { paths.insert(base + String(cString: path)) }
                    }
                }
                return paths.sorted()
            }
        }
    }

    /// The newest commit reachable from `from` that changed `path` (a file or folder), like
    /// `git log -1 --format=%H -- <path>`, or `nil` when no commit touched it.
    ///
    /// See ``lastCommits(touching:from:)`` for the rules, and to ask for many paths in one walk.
    public func lastCommit(touching path: String, from: GitObjectID) throws -> GitObjectID? {
        let normalized = Self.normalizedPrefix(path)
        return try lastCommits(touching: [normalized], from: from)[normalized]
    }

    /// Author, committer, parents, message and trailers of a commit.
    public func commitInfo(_ id: GitObjectID) throws -> GitCommitInfo {
        try withCommit(id, "read commit") { commit in
            let parents = (0..<git_commit_parentcount(commit)).compactMap {
                git_commit_parent_id(commit, $0).map(GitObjectID.init)
            }
            let message = git_commit_message(commit).map { String(cString: $0) } ?? ""
            let summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
            return GitCommitInfo(
                id: id,
                parents: parents,
                author: Self.stamp(git_commit_author(commit)),
                committer: Self.stamp(git_commit_committer(commit)),
                message: message,
                summary: summary,
                trailers: try Self.trailers(of: message)
            )
        }
    }

    /// The signature of a commit and the payload it signs, or `nil` for an unsigned commit.
    ///
    /// Verifying the signature (against trusted keys from the daemon's configuration) is the
    /// caller's job; this only extracts the two parts exactly as stored.
    public func commitSignature(_ id: GitObjectID) throws -> GitCommitSignature? {
        var signature = git_buf()
        var payload = git_buf()
        defer {
            git_buf_dispose(&signature)
            git_buf_dispose(&payload)
        }
        var oid = id.oid
        let code = git_commit_extract_signature(&signature, &payload, pointer, &oid, nil)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            // Distinguish "unsigned" from "no such commit".
            _ = try withCommit(id, "read signature") { _ in () }
            return nil
        }
        try check(code, "read signature of \(id.short)")
        return GitCommitSignature(signature: Self.string(signature), signedPayload: Self.string(payload))
    }

    // MARK: - Helpers

    private func subtreeID(of commit: GitObjectID, at folder: String) throws -> GitObjectID? {
        try withCommitTree(commit, "read tree") { root in
            if folder.isEmpty { return GitObjectID(git_tree_id(root)) }
            var entry: OpaquePointer?
            let code = git_tree_entry_bypath(&entry, root, folder)
            if code == GIT_ENOTFOUND.rawValue {
                git_error_clear()
                return nil
            }
            try check(code, "read \(folder) in \(commit.short)")
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
            return GitObjectID(git_tree_entry_id(entry))
        }
    }

    private func withOptionalTree<R>(_ id: GitObjectID?, _ body: (OpaquePointer?) throws -> R) throws -> R {
        guard let id else { return try body(nil) }
        var oid = id.oid
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &oid), "read tree \(id.short)")
        defer { git_tree_free(tree) }
        return try body(tree)
    }

    private static func stamp(_ signature: UnsafePointer<git_signature>?) -> GitPersonStamp {
        guard let signature = signature?.pointee else {
            return GitPersonStamp(name: "", email: "", date: Date(timeIntervalSince1970: 0))
        }
        return GitPersonStamp(
            name: signature.name.map { String(cString: $0) } ?? "",
            email: signature.email.map { String(cString: $0) } ?? "",
            date: Date(timeIntervalSince1970: TimeInterval(signature.when.time)),
            timeZoneOffsetMinutes: Int(signature.when.offset)
        )
    }

    private static func trailers(of message: String) throws -> [(key: String, value: String)] {
        var array = git_message_trailer_array()
        try check(git_message_trailers(&array, message), "parse commit trailers")
        defer { git_message_trailer_array_free(&array) }
        return (0..<array.count).compactMap { index in
            let trailer = array.trailers[index]
            guard let key = trailer.key, let value = trailer.value else { return nil }
            return (String(cString: key), String(cString: value))
        }
    }

    static func string(_ buffer: git_buf) -> String {
        guard let bytes = buffer.ptr, buffer.size > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: buffer.size), as: UTF8.self)
    }
}
