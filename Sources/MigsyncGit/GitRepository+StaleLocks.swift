import Foundation

extension GitRepository {
    /// Deletes the `*.lock` files Git and libgit2 leave behind when a process dies in the
    /// middle of a reference, config or index update, and returns their paths.
    ///
    /// A leftover lock makes every later update of that reference fail, so a daemon killed
    /// at the wrong moment would never write status again. Only call this while holding a
    /// lock that every process writing this repository takes (``MirrorLock`` in the
    /// reconciler): then no live writer can own one of these files.
    @discardableResult
    public func removeStaleLockFiles() -> [String] {
        let root = (path as NSString).standardizingPath
        var removed: [String] = []
        let candidates = [
            "HEAD.lock", "config.lock", "index.lock", "packed-refs.lock", "FETCH_HEAD.lock", "shallow.lock",
        ]
        for name in candidates where FileManager.default.fileExists(atPath: "\(root)/\(name)") {
            if (try? FileManager.default.removeItem(atPath: "\(root)/\(name)")) != nil { removed.append(name) }
        }
        guard let references = FileManager.default.enumerator(atPath: "\(root)/refs") else { return removed }
        while let relative = references.nextObject() as? String {
            guard relative.hasSuffix(".lock") else { continue }
            let path = "\(root)/refs/\(relative)"
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append("refs/\(relative)") }
        }
        return removed
    }
}
