import CLibgit2

extension GitRepository {
    /// For each of `paths` (files or folders), the newest commit reachable from `from` that
    /// changed it, like `git log -1 --format=%H -- <path>` per path, in one walk of history.
    ///
    /// Git's default history simplification is followed exactly: at a merge that left a path
    /// as one parent had it, the path's history continues down that parent only; a merge that
    /// differs from every parent is itself the change. Each commit is compared with its parents
    /// by tree diffs, whose cost grows with what changed, not with the size of the tree, so
    /// asking for ten thousand paths costs about as much as asking for one.
    ///
    /// - Returns: one entry per path that some commit touched; paths never touched are absent.
    public func lastCommits(touching paths: [String], from: GitObjectID) throws -> [String: GitObjectID] {
        var found: [String: GitObjectID] = [:]
        var pending: [GitObjectID: Set<String>] = [:]
        let wanted = Set(paths.map { Self.normalizedPrefix($0) })
        if wanted.isEmpty { return [:] }
        var queue = CommitQueue()
        pending[from] = wanted
        queue.push(from, time: try commitTime(from))
        while let commit = queue.pop() {
            guard var open = pending.removeValue(forKey: commit), !open.isEmpty else { continue }
            let parents = try parentIDs(of: commit)
            if parents.isEmpty {
                // A root commit touched every path it contains.
                let present = try changedPaths(from: nil, to: commit, under: "")
                for path in Self.touched(open, by: present) {
                    found[path] = commit
                }
                continue
            }
            // Paths left as a parent had them follow that (first such) parent; the rest were
            // changed here.
            var followers: [(GitObjectID, Set<String>)] = []
            for parent in parents where !open.isEmpty {
                let changed = try changedPaths(from: parent, to: commit, under: "")
                let touchedHere = Self.touched(open, by: changed)
                let same = open.subtracting(touchedHere)
                if !same.isEmpty { followers.append((parent, same)) }
                open = touchedHere
            }
            for path in open { found[path] = commit }
            for (parent, carried) in followers {
                if pending[parent] == nil {
                    pending[parent] = carried
                    queue.push(parent, time: try commitTime(parent))
                } else {
                    pending[parent]!.formUnion(carried)
                }
            }
        }
        return found
    }

    /// The members of `paths` that `changed` (file paths) touches: a file path itself, or a
    /// folder holding one of the changed files.
    private static func touched(_ paths: Set<String>, by changed: [String]) -> Set<String> {
        var result = Set<String>()
        // "" is the whole tree: any change touches it.
        if paths.contains(""), !changed.isEmpty { result.insert("") }
        for file in changed {
            if paths.contains(file) { result.insert(file) }
            var folder = Substring(file)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if paths.contains(String(folder)) { result.insert(String(folder)) }
            }
        }
        return result
    }

    private func parentIDs(of commit: GitObjectID) throws -> [GitObjectID] {
        try withCommit(commit, "walk history") { handle in
            (0..<git_commit_parentcount(handle)).compactMap { git_commit_parent_id(handle, $0).map(GitObjectID.init) }
        }
    }

    private func commitTime(_ commit: GitObjectID) throws -> Int64 {
        try withCommit(commit, "walk history") { git_commit_time($0) }
    }
}

/// Commits to visit, newest first, each at most once while it waits (a max-heap on commit time).
private struct CommitQueue {
    private var heap: [(time: Int64, id: GitObjectID)] = []
    private var queued = Set<GitObjectID>()

    mutating func push(_ id: GitObjectID, time: Int64) {
        guard queued.insert(id).inserted else { return }
        heap.append((time, id))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].time > heap[parent].time else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> GitObjectID? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        queued.remove(top.id)
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var largest = parent
            if left < heap.count, heap[left].time > heap[largest].time { largest = left }
            if right < heap.count, heap[right].time > heap[largest].time { largest = right }
            if largest == parent { break }
            heap.swapAt(parent, largest)
            parent = largest
        }
        return top.id
    }
}
