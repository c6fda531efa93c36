import CLibgit2

extension GitRepository {
    /// The commits reachable from `head` but not from `base`, newest first, like
    /// `git rev-list base..head` (everything reachable from `head` when `base` is `nil`).
    ///
    /// Used to find the approvals made after a run's file last changed; `limit` bounds the
    /// walk on long histories.
    public func commits(from head: GitObjectID, notReachableFrom base: GitObjectID?, limit: Int = 10_000) throws
        -> [GitObjectID]
    {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, pointer), "walk history")
        defer { git_revwalk_free(walker) }
        git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue)
        var headOID = head.oid
        try check(git_revwalk_push(walker, &headOID), "walk history from \(head.short)")
        if let base {
            var baseOID = base.oid
            try check(git_revwalk_hide(walker, &baseOID), "walk history: hide \(base.short)")
        }
        var result: [GitObjectID] = []
        var oid = git_oid()
        while result.count < limit {
            let code = git_revwalk_next(&oid, walker)
            if code == GIT_ITEROVER.rawValue {
                git_error_clear()
                break
            }
            try check(code, "walk history")
            result.append(GitObjectID(oid))
        }
        return result
    }

    /// `true` when `ancestor` is `descendant` itself or one of its ancestors.
    public func isAncestor(_ ancestor: GitObjectID, of descendant: GitObjectID) -> Bool {
        if ancestor == descendant { return true }
        var descendantOID = descendant.oid
        var ancestorOID = ancestor.oid
        let result = git_graph_descendant_of(pointer, &descendantOID, &ancestorOID)
        if result < 0 { git_error_clear() }
        return result == 1
    }
}
