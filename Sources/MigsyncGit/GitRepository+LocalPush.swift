import CLibgit2
import Foundation

extension GitRepository {
    /// The path of a repository on this machine that `url` names (`file://…` or a plain
    /// path), when it is a repository with a working tree.
    ///
    /// libgit2's local transport refuses to push into such a repository, yet an operator
    /// trying migsync on their own checkout (`--repo ~/src/migrations`) expects status to land
    /// there; ``pushIntoWorkingRepository(at:refspecs:)`` does it by hand.
    static func localWorkingRepositoryPath(_ url: String) -> String? {
        let path: String
        if url.hasPrefix("file://") {
            path = String(url.dropFirst("file://".count))
        } else if url.hasPrefix("/") {
            path = url
        } else {
            return nil
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path + "/.git", isDirectory: &isDirectory) else { return nil }
        return path
    }

    /// Pushes into a local repository that has a working tree, with `git push`'s rules: a
    /// reference moves only forward unless the refspec forces it, and the checked-out
    /// branch is never updated (its working tree would silently disagree with it).
    ///
    /// The objects are fetched into the target first (through a temporary reference), then
    /// the destination is moved with a compare-and-swap on its old value, so a concurrent
    /// writer makes this fail as a non-fast-forward instead of being overwritten.
    func pushIntoWorkingRepository(at path: String, refspecs: [String]) throws {
        let target = try GitRepository.open(path: path)
        let checkedOut = target.symbolicTarget(of: "HEAD")
        for spec in refspecs {
            let force = spec.hasPrefix("+")
            let body = force ? String(spec.dropFirst()) : spec
            let parts = body.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw GitError.invalidArgument("push \(spec): expected <source>:<destination>")
            }
            let source = try resolve(parts[0])
            let destination = GitRepository.fullReference(parts[1])
            if destination == checkedOut {
                throw GitError.pushRejected(ref: destination, reason: "branch is currently checked out in \(path)")
            }
            let incoming = "refs/migsync-incoming/\(UUID().uuidString)"
            try target.fetch(url: "file://" + absolutePath, refspecs: ["+\(parts[0]):\(incoming)"])
            defer { try? target.deleteReference(incoming) }
            let old = target.readReference(destination)
            if old == source { continue }
            if let old, !force, !target.isAncestor(old, of: source) {
                throw GitError.nonFastForward(ref: destination)
            }
            try target.compareAndSwapReference(destination, to: source, expecting: old)
        }
    }

    /// This repository's path made absolute: a `file://` URL has no working directory.
    var absolutePath: String {
        let path = self.path.hasPrefix("/") ? self.path : FileManager.default.currentDirectoryPath + "/" + self.path
        return (path as NSString).standardizingPath
    }

    /// The reference a symbolic reference (such as `HEAD`) points to, `nil` when detached.
    func symbolicTarget(of name: String) -> String? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, pointer, name) == 0 else {
            git_error_clear()
            return nil
        }
        defer { git_reference_free(reference) }
        guard let target = git_reference_symbolic_target(reference) else { return nil }
        return String(cString: target)
    }

    /// Moves `name` to `id` only if it still points at `expected` (`nil`: must not exist).
    func compareAndSwapReference(_ name: String, to id: GitObjectID, expecting expected: GitObjectID?) throws {
        var oid = id.oid
        var reference: OpaquePointer?
        let code: Int32
        if var expectedOID = expected?.oid {
            code = git_reference_create_matching(&reference, pointer, name, &oid, 1, &expectedOID, "migsync: push")
        } else {
            code = git_reference_create(&reference, pointer, name, &oid, 0, "migsync: push")
        }
        if code == GIT_EMODIFIED.rawValue || code == GIT_EEXISTS.rawValue {
            git_error_clear()
            throw GitError.nonFastForward(ref: name)
        }
        try check(code, "update reference \(name)")
        git_reference_free(reference)
    }
}
