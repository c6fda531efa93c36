/// Something a pass did not do, and why: a change that waits, or an edit that is refused.
///
/// Every reason carries what a reader needs to act (the missing object, the condition's
/// message, the policy and its next opening) so the CLI, logs and notes can say exactly why.
public struct Deferral: Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// Objects this one references exist neither on the cluster nor in this pass.
        case waitingForReferences([ObjectKey])
        /// The run's plan is not Ready (detail says what holds it).
        case waitingForPlanReady(plan: ObjectKey, detail: String)
        /// A cutover or rollback waits for the stage runs of its commit.
        case waitingForStageRuns([ObjectKey])
        /// A stage run of the same commit ended without success; the cutover is not started.
        case stageRunUnsuccessful(run: ObjectKey, result: String)
        /// A policy holds the run.
        case policyBlocked(RunBlock)
        /// The plan has a running migration; its change waits until the run ends.
        case deferredWhileRunning(run: ObjectKey)
        /// An observed run is held by a Critical condition.
        case runBlocked(condition: String, message: String)
        /// A created run was edited in Git; only `canceled` propagates.
        case immutableRunEdited([FieldChange])
        /// A run created before is gone from the cluster; runs are created at most once.
        case runNotRecreated
        /// The run's manifest names no plan.
        case missingPlanReference
        /// PV selections for PVCs the controller has not discovered yet.
        case volumeSelectionsPending([String])
        /// Removed from Git, but a running migration is never deleted.
        case runningMigrationNotDeleted
        /// Removed from Git; the plan was asked to close and MTC has not reported `Closed` yet.
        case waitingForPlanClosed
        /// Removed from Git, but still referenced.
        case stillReferenced(by: [ObjectKey])
        /// Removed from Git; pruning is off in a pass where a manifest failed to load.
        case pruneSuppressed(failures: [ManifestFailure])
        /// Removed from Git; pruning is not enabled.
        case pruneDisabled

        /// A stable CamelCase name for logs, metrics and notes.
        public var name: String {
            switch self {
            case .waitingForReferences: return "WaitingForReferences"
            case .waitingForPlanReady: return "WaitingForPlanReady"
            case .waitingForStageRuns: return "WaitingForStageRuns"
            case .stageRunUnsuccessful: return "StageRunUnsuccessful"
            case .policyBlocked: return "PolicyBlocked"
            case .deferredWhileRunning: return "DeferredWhileRunning"
            case .runBlocked: return "BlockedByCondition"
            case .immutableRunEdited: return "ImmutableRunEdited"
            case .runNotRecreated: return "RunNotRecreated"
            case .missingPlanReference: return "MissingPlanReference"
            case .volumeSelectionsPending: return "VolumeSelectionsPending"
            case .runningMigrationNotDeleted: return "RunningMigrationNotDeleted"
            case .waitingForPlanClosed: return "WaitingForPlanClosed"
            case .stillReferenced: return "StillReferenced"
            case .pruneSuppressed: return "PruneSuppressed"
            case .pruneDisabled: return "PruneDisabled"
            }
        }

        /// The human sentence for this reason.
        public var message: String {
            switch self {
            case .waitingForReferences(let keys):
                return "waiting for \(Self.list(keys)) to exist"
            case .waitingForPlanReady(let plan, let detail):
                return "waiting for \(plan) to be Ready: \(detail)"
            case .waitingForStageRuns(let keys):
                return
                    "waiting for stage \(keys.count == 1 ? "run" : "runs") \(Self.list(keys)) of the same commit to complete"
            case .stageRunUnsuccessful(let run, let result):
                return "not started: stage run \(run) of the same commit ended \(result)"
            case .policyBlocked(let block):
                return "held by \(block)"
            case .deferredWhileRunning(let run):
                return "change deferred while migration \(run) is running"
            case .runBlocked(let condition, let message):
                return "blocked by \(condition): \(message)"
            case .immutableRunEdited(let changes):
                return "immutable run edited, not applied: \(changes.map(\.description).joined(separator: ", "))"
            case .runNotRecreated:
                return "run was created before and is gone from the cluster; runs are created at most once"
            case .missingPlanReference:
                return "spec.migPlanRef names no plan"
            case .volumeSelectionsPending(let pvcs):
                return "PV selections wait for discovery of \(pvcs.joined(separator: ", "))"
            case .runningMigrationNotDeleted:
                return "removed from Git, but a running migration is never deleted"
            case .waitingForPlanClosed:
                return "removed from Git; waiting for the plan to be Closed before deleting it"
            case .stillReferenced(let keys):
                return "removed from Git, but still referenced by \(Self.list(keys))"
            case .pruneSuppressed(let failures):
                let first = failures.first.map { ": \($0)" } ?? ""
                return "removed from Git; not pruned because \(failures.count) manifest(s) failed to load\(first)"
            case .pruneDisabled:
                return "removed from Git; pruning is not enabled"
            }
        }

        private static func list(_ keys: [ObjectKey]) -> String {
            keys.map(\.description).joined(separator: ", ")
        }
    }

    public var key: ObjectKey
    public var reason: Reason

    public init(key: ObjectKey, reason: Reason) {
        self.key = key
        self.reason = reason
    }

    /// `MigPlan/shop: change deferred while migration MigMigration/shop-stage-1 is running`.
    public var description: String { "\(key): \(reason.message)" }
}
