import Foundation
import MigsyncCore

/// Runs the pure half of a pass (diff, plan, reports) the way the driver does.
struct Pass {
    var diff: Diff
    var plan: ActionPlan
    var reports: [ObjectReport]

    init(
        desired: [DesiredObject],
        observed: [ObservedObject],
        prune: Bool = false,
        failures: [ManifestFailure] = [],
        writeFailures: [ObjectKey: String] = [:],
        gate: any RunGate = AllowAllRunGate()
    ) {
        diff = Diff(desired: desired, observed: observed, branch: Make.branch)
        plan = ActionPlanner(runGate: gate).plan(
            .init(
                diff: diff, observed: observed, branch: Make.branch, pruneEnabled: prune, manifestFailures: failures,
                now: Make.now))
        reports = PassObjects(diff: diff, plan: plan, failures: writeFailures).reports
    }

    func report(_ key: ObjectKey) -> ObjectReport? { reports.first { $0.key == key } }

    var summaries: [ObjectKey: ConditionSummary] {
        Dictionary(uniqueKeysWithValues: reports.map { ($0.key, $0.summary) })
    }
}
