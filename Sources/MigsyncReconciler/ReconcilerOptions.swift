import Foundation
import MigsyncGit

/// What a reconciler tracks and how it writes back.
public struct ReconcilerOptions: Sendable {
    /// Remote URL (`git://`, `https://`, `ssh://`, `file://`) or a local path.
    public var repository: String
    public var branch: String
    /// Folder inside the repository holding the manifests; empty for the root.
    public var path: String
    public var credentials: GitCredentials
    public var statusMode: StatusMode
    public var prune: Bool
    /// Where the local bare mirror of the repository is kept across runs.
    public var mirrorPath: String
    /// Folder of the tracked branch holding `Policy` files (always read from the tracked
    /// branch, never from a pull request's head).
    public var policiesPath: String = "policies"
    /// Git's allowed-signers file (from the daemon's configuration, never the repository)
    /// against which signed approvals are verified; without it no approval counts.
    public var allowedSignersPath: String?
    /// Keep the managed namespace in memory, fed by watches, instead of listing it on every
    /// pass: for the daemon, whose passes follow one another (see `ClusterCache`).
    public var watchCluster = false

    public init(
        repository: String, branch: String = "main", path: String = "", credentials: GitCredentials = .none,
        statusMode: StatusMode = .notes, prune: Bool = false, mirrorPath: String
    ) {
        self.repository = repository
        self.branch = branch
        self.path = path
        self.credentials = credentials
        self.statusMode = statusMode
        self.prune = prune
        self.mirrorPath = mirrorPath
    }

    /// `repository` as a URL libgit2 fetches from: local paths become `file://` URLs.
    public var url: String {
        if repository.contains("://") || repository.hasPrefix("git@") { return repository }
        let absolute =
            repository.hasPrefix("/")
            ? repository : FileManager.default.currentDirectoryPath + "/" + repository
        return "file://" + (absolute as NSString).standardizingPath
    }
}
