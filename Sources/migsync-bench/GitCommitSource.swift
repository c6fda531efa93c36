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

    /// A tree-to-tree diff against the previous commit: only changed subtrees are read.
    func changes(since previous: any ManifestSource) throws -> [ManifestFileChange]? {
        guard let previous = previous as? GitCommitSource, previous.repository === repository,
            previous.prefix == prefix
        else { return nil }
        return try repository.treeChanges(from: previous.commit, to: commit, under: prefix)
            .filter { change in
                ManifestFile.isManifestPath(change.path)
                    && !change.path.split(separator: "/").contains { $0.hasPrefix(".") }
            }
            .map { change in
                guard let entry = change.entry, !entry.isSymbolicLink else {
                    return ManifestFileChange(path: change.path, file: nil)
                }
                return ManifestFileChange(
                    path: change.path, file: ManifestFile(path: entry.path, blobID: entry.blobID.hex))
            }
    }

    func contents(of file: ManifestFile) throws -> [UInt8] {
        guard let id = GitObjectID(hex: file.blobID) else {
            throw ManifestSourceError(path: file.path, reason: "invalid blob id")
        }
        return try repository.blobContents(id)
    }
}
