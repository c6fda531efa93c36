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
