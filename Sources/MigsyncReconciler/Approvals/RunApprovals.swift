import Foundation
import MigsyncCore
import MigsyncGit

/// Finds the approvals of one run in the tracked branch's history.
///
/// A run's approvals are signed commits made at or after the commit that last changed its
/// file: that commit itself counts for its signer, and so does every later commit carrying
/// the trailer `Migsync-Approve: MigMigration/<namespace>/<name>`. Anything older approved a
/// different version of the run, so it does not count; unsigned commits and signatures by
/// keys the allowed-signers file does not list never count.
public struct RunApprovals: Sendable, Hashable {
    /// The trailer `migsync approve` writes.
    public static let trailer = "Migsync-Approve"

    public var counted: [Approval]
    /// Commits that looked like approvals and did not count, with why (for notes and logs).
    public var rejected: [String]

    /// The trailer value naming `run`.
    public static func trailerValue(for run: ObjectKey) -> String {
        "MigMigration/\(run.namespace)/\(run.name)"
    }

    /// Collects the approvals of `run`, whose file last changed in `lastChange`, up to `head`.
    public static func collect(
        run: ObjectKey, lastChange: GitObjectID, head: GitObjectID, repository: GitRepository,
        verifier: SSHSignatureVerifier
    ) throws -> RunApprovals {
        let wanted = trailerValue(for: run)
        var candidates: [GitObjectID] = [lastChange]
        if lastChange != head {
            for commit in try repository.commits(from: head, notReachableFrom: lastChange) {
                guard commit != lastChange, repository.isAncestor(lastChange, of: commit) else { continue }
                let info = try repository.commitInfo(commit)
                if info.trailerValues(trailer).contains(wanted) { candidates.append(commit) }
            }
        }
        var counted: [Approval] = []
        var rejected: [String] = []
        var signers: Set<String> = []
        for commit in candidates {
            let info = try repository.commitInfo(commit)
            switch try verifier.verdict(for: commit, in: repository) {
            case .verified(let principal):
                guard signers.insert(principal).inserted else { continue }
                counted.append(Approval(signer: principal, commit: commit.hex, time: info.committer.date))
            case .unsigned:
                if commit != lastChange { rejected.append("\(commit.short): unsigned") }
            case .untrusted(let reason):
                rejected.append("\(commit.short): \(reason)")
            case .unsupported(let format):
                rejected.append("\(commit.short): \(format) signatures are not verified; sign with SSH")
            }
        }
        return RunApprovals(counted: counted, rejected: rejected)
    }
}
