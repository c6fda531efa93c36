import CLibgit2

extension GitRepository {
    /// The commit that merging `head` into `base` would make, written to the object database
    /// but to no reference: what a pull request's merge would put on the branch.
    ///
    /// When `base` is already in `head`'s history the merge is a fast-forward and `head`
    /// itself is returned.
    ///
    /// - Throws: ``GitError/invalidArgument(_:)`` naming the conflicting paths when the merge
    ///   does not apply cleanly.
    public func mergeResult(base: GitObjectID, head: GitObjectID, identity: GitIdentity) throws -> GitObjectID {
        if isAncestor(base, of: head) { return head }
        if isAncestor(head, of: base) { return base }
        return try withCommit(base, "merge: read base") { baseCommit in
            try withCommit(head, "merge: read head") { headCommit in
                var index: OpaquePointer?
                try check(
                    git_merge_commits(&index, pointer, baseCommit, headCommit, nil),
                    "merge \(head.short) into \(base.short)")
                defer { git_index_free(index) }
                if git_index_has_conflicts(index) != 0 {
                    throw GitError.invalidArgument(
                        "merge \(head.short) into \(base.short): conflicts in \(conflictedPaths(index).joined(separator: ", "))"
                    )
                }
                var treeOID = git_oid()
                try check(git_index_write_tree_to(&treeOID, index, pointer), "merge: write tree")
                var tree: OpaquePointer?
                try check(git_tree_lookup(&tree, pointer, &treeOID), "merge: read tree")
                defer { git_tree_free(tree) }
                var signature: UnsafeMutablePointer<git_signature>?
                try check(git_signature_now(&signature, identity.name, identity.email), "merge: make signature")
                defer { git_signature_free(signature) }
                var merged = git_oid()
                var parents: [OpaquePointer?] = [baseCommit, headCommit]
                let code = parents.withUnsafeMutableBufferPointer { buffer in
                    git_commit_create(
                        &merged, pointer, nil, signature, signature, nil,
                        "Preview merge of \(head.short) into \(base.short)\n",
                        tree, buffer.count, buffer.baseAddress)
                }
                try check(code, "merge: write commit")
                return GitObjectID(merged)
            }
        }
    }

    private func conflictedPaths(_ index: OpaquePointer?) -> [String] {
        var iterator: OpaquePointer?
        guard git_index_conflict_iterator_new(&iterator, index) == 0 else {
            git_error_clear()
            return []
        }
        defer { git_index_conflict_iterator_free(iterator) }
        var paths: Set<String> = []
        var ancestor: UnsafePointer<git_index_entry>?
        var ours: UnsafePointer<git_index_entry>?
        var theirs: UnsafePointer<git_index_entry>?
        while git_index_conflict_next(&ancestor, &ours, &theirs, iterator) == 0 {
            for entry in [ancestor, ours, theirs] {
                if let path = entry?.pointee.path { paths.insert(String(cString: path)) }
            }
        }
        git_error_clear()
        return paths.sorted()
    }
}
