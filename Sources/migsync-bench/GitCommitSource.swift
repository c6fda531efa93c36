import MTCManifests
import MigsyncGit

/// The manifests of one commit, read straight from Git objects (no checkout): tree entries
/// give paths and blob ids, so unchanged blobs are recognised without reading them.
final class GitCommitSource: ManifestSource {
    let repository: GitRepository
    let commit: GitObjectID
    let prefix: String

    init(repository: GitRepository, commit: GitObjectID, prefix: String = "") {
        self.repository = repository
        self.commit = commit
        self.prefix = prefix
    }

    func files() throws -> [ManifestFile] {
        try repository.treeEntries(at: commit, under: prefix)
            .filter { entry in
                !entry.isSymbolicLink && ManifestFile.isManifestPath(entry.path)
                    && !entry.path.split(separator: "/").contains { $0.hasPrefix(".") }
            }
            .map { ManifestFile(path: $0.path, blobID: $0.blobID.hex) }
            .sorted { $0.path < $1.path }
    }

    func contents(of file: ManifestFile) throws -> [UInt8] {
        guard let id = GitObjectID(hex: file.blobID) else {
            throw ManifestSourceError(path: file.path, reason: "invalid blob id")
        }
        return try repository.blobContents(id)
    }
}
