import Foundation
import MigsyncCore

/// What merging a pull request's head into the tracked branch would do against the live
/// target, for a reviewer to read before merging (`migsync plan`).
public struct PlanPreview: Sendable, Codable, Hashable {
    /// One cluster write the merge would lead to.
    public struct Change: Sendable, Codable, Hashable {
        /// `create`, `update`, `cancel`, `close` or `delete`.
        public var verb: String
        public var object: String
        public var source: String?
        /// Field-level changes (`spec.namespaces: ["a"] -> ["a","b"]`) for updates.
        public var fields: [String]
        /// What the target's dry-run answered, when it refused the write.
        public var dryRunError: String?
    }

    /// A run the merge adds or changes, and whether it would start.
    public struct Run: Sendable, Codable, Hashable {
        public var object: String
        public var source: String?
        /// `Stage`, `Final` or `Rollback`.
        public var type: String
        /// `true` when no policy holds it (it may still wait for MTC, see `waitingFor`).
        public var allowed: Bool
        /// Every unmet policy requirement, as `policy (requirement): message`.
        public var blocks: [String]
        /// The next time a window opens, when a window holds it.
        public var nextOpening: String?
        /// What it waits for besides policies (plan Ready, stage runs), in MTC terms.
        public var waitingFor: [String]
        /// The verified approvals counted, by signer.
        public var approvals: [String]
    }

    public var base: String
    public var head: String
    /// The commit the merge would make (or `head` for a fast-forward).
    public var merged: String
    public var changes: [Change]
    /// Objects migsync manages that the merge removes from Git, and what happens to them.
    public var removed: [String]
    public var runs: [Run]
    /// Changes that would wait, with the reason (not runs: see `runs`).
    public var deferred: [String]
    /// Manifest and policy findings, `path:line:col: severity: message`.
    public var findings: [String]
    public var errorCount: Int
    /// Policy files the head changes: they take effect only once merged.
    public var policyFilesChanged: [String]

    /// Whether merging would change anything on the cluster.
    public var hasChanges: Bool { !changes.isEmpty || !removed.isEmpty || runs.contains { $0.allowed } }
}
