import Foundation

/// Decides whether a run Git asks for may be created now.
///
/// The planner asks the gate only once everything MTC needs is in place (plan Ready, stage
/// runs of the same commit done), so a verdict is purely about policy: approvals, time
/// windows, concurrency. The policy engine plugs in here; the default allows every run.
public protocol RunGate: Sendable {
    /// The verdict for creating `run` now.
    func verdict(for run: DesiredObject, context: RunGateContext) -> RunVerdict
}

/// What a gate may look at besides the run itself.
public struct RunGateContext: Sendable {
    /// The pass's notion of "now", so a verdict is reproducible in tests.
    public var now: Date
    /// The tracked branch.
    public var branch: String
    /// The run's plan as observed on the cluster.
    public var plan: ObservedObject?
    /// Every run observed on the cluster (any plan), with its state, for limits such as
    /// "one cutover at a time" or "a successful stage within 24 hours".
    public var observedRuns: [ObservedObject]
    /// The commit that last changed the run's file, when the reconciler has read it from Git.
    public var runCommit: CommitFacts?
    /// The verified approvals of the run (signed commits by trusted keys).
    public var approvers: [Approval]

    public init(
        now: Date, branch: String, plan: ObservedObject?, observedRuns: [ObservedObject],
        runCommit: CommitFacts? = nil, approvers: [Approval] = []
    ) {
        self.now = now
        self.branch = branch
        self.plan = plan
        self.observedRuns = observedRuns
        self.runCommit = runCommit
        self.approvers = approvers
    }
}

/// A gate's answer for one run.
public enum RunVerdict: Sendable, Hashable {
    case allowed
    case blocked(RunBlock)
}

/// Why a run may not start yet, naming the rule so the message can be acted on.
public struct RunBlock: Sendable, Hashable, CustomStringConvertible {
    /// The policy that blocks, e.g. `policies/cutover.yaml#weekend-only`.
    public var policy: String
    /// The requirement not met, e.g. `window`, `approvals`.
    public var requirement: String
    public var message: String
    /// When a time window opens next, if the block is a window.
    public var nextOpening: Date?

    public init(policy: String, requirement: String, message: String, nextOpening: Date? = nil) {
        self.policy = policy
        self.requirement = requirement
        self.message = message
        self.nextOpening = nextOpening
    }

    public var description: String {
        var text = "policy \(policy) (\(requirement)): \(message)"
        if let nextOpening { text += "; next opening \(RunBlock.timestamp(nextOpening))" }
        return text
    }

    /// RFC 3339 in UTC, the one spelling used for instants in messages and notes.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// The gate used until policies are configured: every run may start.
public struct AllowAllRunGate: RunGate {
    public init() {}

    public func verdict(for run: DesiredObject, context: RunGateContext) -> RunVerdict { .allowed }
}
