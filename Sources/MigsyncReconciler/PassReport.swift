import Foundation
import MigsyncCore

/// What one reconcile pass did and found.
public struct PassReport: Sendable {
    /// The tracked branch's commit the pass reconciled (`nil` when fetching failed).
    public var commit: String?
    /// `true` when the branch had not moved and nothing was in flight, so the pass stopped
    /// after the fetch step.
    public var skipped: Bool = false
    /// The diff of Git against the cluster, when the pass got that far.
    public var diff: Diff?
    /// The cluster writes the pass made (or, for a dry run, would make), in order.
    public var actions: [PlannedAction] = []
    /// Changes the pass held back, with the reason.
    public var deferrals: [Deferral] = []
    /// Writes that failed, by object, without credentials.
    public var failures: [ObjectKey: String] = [:]
    /// Manifests that did not load.
    public var manifestFailures: [ManifestFailure] = []
    /// The status Git holds from earlier passes (notes or status files), as read at the
    /// start of this pass: runs in it are never created again, and `migsync status` shows it.
    public var storedNotes: [StatusNote] = []
    /// One report per object.
    public var reports: [ObjectReport] = []
    /// Whether a run among `reports` is in flight, when the reports' builder counted them
    /// (`nil`: look through the reports).
    var runsInFlight: Bool?
    /// The pass's overall conditions.
    public var summary = ConditionSummary(conditions: [])
    /// Steps that failed as a whole (`step: message`).
    public var stepErrors: [String] = []
    /// Kubernetes API requests made, and how many of them were writes.
    public var apiRequests = 0
    public var apiWrites = 0
    /// Commits pushed to the status reference.
    public var gitWrites = 0
    /// Wall time of the pass.
    public var duration: Duration = .zero
    /// Wall time of each step the pass reached, by step name (`fetchSource`, `observeCluster`, ...).
    public var steps: [String: Duration] = [:]

    public init() {}

    /// What a reconciler keeps of its last pass to answer passes that stop early: not the diff
    /// or the stored notes, which grow with the repository and which such a pass does not show.
    var keptBetweenPasses: PassReport {
        var kept = self
        kept.diff = nil
        kept.storedNotes = []
        return kept
    }

    /// `true` when every step and every write went through (runs may still be running).
    public var succeeded: Bool { stepErrors.isEmpty && failures.isEmpty }

    /// Whether a run is in flight or something is still converging, so the next pass should
    /// not stop early and should come sooner.
    public var needsFollowUp: Bool {
        if !succeeded || !actions.isEmpty || !deferrals.isEmpty { return true }
        if runsInFlight ?? reports.contains(where: { $0.runState?.isInFlight ?? false }) { return true }
        return !summary.isReady && !skipped
    }

    /// Human-readable lines: the pass, each action and deferral, and the conditions.
    public var text: String {
        var lines: [String] = []
        let at = commit.map { String($0.prefix(12)) } ?? "?"
        if skipped {
            return "pass at \(at): branch unchanged, nothing in flight; skipped\n"
        }
        lines.append(
            "pass at \(at): \(actions.count) action(s), \(deferrals.count) deferral(s), \(failures.count) failure(s), "
                + "\(apiWrites) API write(s) of \(apiRequests) request(s), \(gitWrites) status commit(s)")
        for action in actions {
            let failed = failures[action.key].map { " FAILED: \($0)" } ?? ""
            lines.append("  \(action)\(failed)")
        }
        for deferral in deferrals { lines.append("  deferred \(deferral)") }
        for failure in manifestFailures { lines.append("  manifest \(failure)") }
        for error in stepErrors { lines.append("  step failed: \(error)") }
        for report in reports {
            var line = "  \(report.key): \(report.syncState.rawValue)"
            if let run = report.runState {
                line += ", run \(run.phase ?? "pending")"
                let progress = run.stepProgress
                if progress.total > 0 { line += " (\(progress.done)/\(progress.total))" }
                if run.result.isTerminal { line += ", \(run.result)" }
            } else if let observed = report.observed {
                line += observed.isReady ? ", Ready" : ", not Ready"
            }
            lines.append(line)
        }
        for condition in summary.conditions { lines.append("  \(condition)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
