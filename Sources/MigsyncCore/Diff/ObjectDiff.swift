import KubeObjects

/// What a pass would do about one object, before ordering and gating.
public struct ObjectDiff: Sendable, Hashable {
    public enum Change: Sendable, Hashable {
        /// Not on the cluster: create this object.
        case create(KubeObject)
        /// On the cluster with different owned fields: write this merged object.
        case update(KubeObject, changes: [FieldChange])
        /// Owned fields already match: no write.
        case unchanged
        /// Git set `canceled: true` on a created run that has not completed: write this
        /// object (the observed run with `spec.canceled: true`).
        case cancelRun(KubeObject)
        /// On the cluster, labelled as migsync's, and no longer in Git.
        case pruneCandidate
        /// Git declares a run that migsync created before and that is gone from the
        /// cluster: runs are created at most once, so it is not created again.
        case runNotRecreated
    }

    public var key: ObjectKey
    public var desired: DesiredObject?
    public var observed: ObservedObject?
    public var change: Change
    /// Spec edits of an already created run; only `canceled` propagates, so these are
    /// reported and never applied.
    public var rejectedRunEdits: [FieldChange]
    /// PV selections Git gives for PVCs the controller has not discovered, as
    /// `namespace/name`.
    public var pendingVolumeSelections: [String]
    /// The observed run's state, read once per cluster version of the run.
    public var runState: RunState?

    public init(
        key: ObjectKey,
        desired: DesiredObject?,
        observed: ObservedObject?,
        change: Change,
        rejectedRunEdits: [FieldChange] = [],
        pendingVolumeSelections: [String] = []
    ) {
        self.key = key
        self.desired = desired
        self.observed = observed
        self.change = change
        self.rejectedRunEdits = rejectedRunEdits
        self.pendingVolumeSelections = pendingVolumeSelections
        self.runState = key.kind.isRun ? observed.map { RunState(observed: $0.object) } : nil
    }

    /// `true` when applying this entry writes to the cluster (prune aside).
    public var isWrite: Bool {
        switch change {
        case .create, .update, .cancelRun: return true
        case .unchanged, .pruneCandidate, .runNotRecreated: return false
        }
    }

    /// The changes a preview lists for this entry.
    public var fieldChanges: [FieldChange] {
        switch change {
        case .update(_, let changes): return changes
        case .cancelRun: return [FieldChange(path: "spec.canceled", old: observed?.object.spec?["canceled"], new: true)]
        case .create, .unchanged, .pruneCandidate, .runNotRecreated: return []
        }
    }
}
