import MTCManifests
import MigsyncGit

/// The manifests of one commit of a Git repository, under a path prefix.
///
/// Blob ids serve as the files' content ids, so the `ManifestLoader` kept across passes
/// re-parses only the files a new commit changed.
///
/// `@unchecked Sendable`: the repository handle is not thread-safe, and this source is only
/// used by the loader on the caller's thread (the loader reads contents serially).
public struct GitManifestSource: ManifestSource, @unchecked Sendable {
    let repository: GitRepository
    public let commit: GitObjectID
    public let prefix: String

    public init(repository: GitRepository, commit: GitObjectID, prefix: String = "") {
        self.repository = repository
        self.commit = commit
        self.prefix = prefix
    }

    public func files() throws -> [ManifestFile] {
        do {
            let entries = try repository.treeEntries(at: commit, under: prefix)
            return entries.filter { ManifestFile.isManifestPath($0.path) && !$0.isSymbolicLink }
                .map { entry in
                    ManifestFile(
                        path: entry.path, blobID: entry.blobID.hex, size: try? repository.blobSize(entry.blobID))
                }
                .sorted { $0.path < $1.path }
        } catch {
            throw ManifestSourceError(path: prefix.isEmpty ? "." : prefix, reason: "\(error)")
        }
    }

    /// The files that differ from `previous` when it is another commit of the same
    /// repository under the same prefix: a tree-to-tree diff, which reads only the subtrees
    /// that changed instead of listing every file.
    public func changes(since previous: any ManifestSource) throws -> [ManifestFileChange]? {
        guard let previous = previous as? GitManifestSource, previous.repository === repository,
            previous.prefix == prefix
        else { return nil }
        if previous.commit == commit { return [] }
        do {
            return try repository.treeChanges(from: previous.commit, to: commit, under: prefix)
                .filter { ManifestFile.isManifestPath($0.path) }
                .map { change in
                    guard let entry = change.entry, !entry.isSymbolicLink else {
                        return ManifestFileChange(path: change.path, file: nil)
                    }
                    return ManifestFileChange(
                        path: change.path,
                        file: ManifestFile(
                            path: entry.path, blobID: entry.blobID.hex, size: try? repository.blobSize(entry.blobID)))
                }
        } catch {
            throw ManifestSourceError(path: prefix.isEmpty ? "." : prefix, reason: "\(error)")
        }
    }

    public func contents(of file: ManifestFile) throws -> [UInt8] {
        guard let id = GitObjectID(hex: file.blobID) else {
            throw ManifestSourceError(path: file.path, reason: "not a blob id: \(file.blobID)")
        }
        do {
            return try repository.blobContents(id)
        } catch {
            throw ManifestSourceError(path: file.path, reason: "\(error)")
        }
    }
}
