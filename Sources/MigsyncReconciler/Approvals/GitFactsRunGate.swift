import MigsyncCore
import MigsyncPolicy

/// A run gate that adds what only Git knows (the run's commit, its verified approvals) to
/// the planner's context before the policies decide.
///
/// The planner is pure and knows nothing of Git; the reconciler reads these facts once per
/// pass for the runs still waiting to be created and hands them over here.
struct GitFactsRunGate: RunGate {
    struct Facts: Sendable {
        var commit: CommitFacts?
        var approvals: [Approval]
    }

    let policies: any RunGate
    let facts: [ObjectKey: Facts]

    func verdict(for run: DesiredObject, context: RunGateContext) -> RunVerdict {
        var context = context
        if let facts = facts[run.key] {
            context.runCommit = facts.commit
            context.approvers = facts.approvals
        }
        return policies.verdict(for: run, context: context)
    }

    /// Every unmet requirement for `run` (not only the first), for previews.
    func blocks(for run: DesiredObject, context: RunGateContext) -> [RunBlock] {
        var context = context
        if let facts = facts[run.key] {
            context.runCommit = facts.commit
            context.approvers = facts.approvals
        }
        if let gate = policies as? PolicyGate { return gate.unmetRequirements(for: run, context: context) }
        if case .blocked(let block) = policies.verdict(for: run, context: context) { return [block] }
        return []
    }
}

/// Holds every run with one reason: used when the policies cannot be read at all.
struct BlockingRunGate: RunGate {
    let block: RunBlock

    func verdict(for run: DesiredObject, context: RunGateContext) -> RunVerdict { .blocked(block) }
}
