import CLibgit2
import Foundation

extension GitRepository {
    /// The pack files in the object database; every fetch adds one.
    public var packCount: Int {
        let directory = String(cString: git_repository_path(pointer)) + "objects/pack"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("pack-") && $0.hasSuffix(".pack") }.count
    }

    /// Opens the repository afresh and lets go of everything libgit2 held for it.
    ///
    /// libgit2 keeps, for as long as a repository is open, every pack it has read with a
    /// cache of the delta bases it unpacked from it. A folder of ten thousand manifests is a
    /// tree of half a megabyte, and a mirror fetching every commit gains a pack holding one
    /// of those per commit: a daemon grew by about 0.4 MB per commit that way. Only freeing
    /// the repository frees them (replacing its object database does not).
    public func reopen() throws {
        var handle: OpaquePointer?
        try check(git_repository_open(&handle, path), "reopen repository at \(path)")
        guard let handle else { throw GitError.invalidArgument("reopen repository at \(path) returned no handle") }
        let previous = pointer
        pointer = handle
        git_repository_free(previous)
    }
}
