import KubeObjects

/// What a pass would do about one object, before ordering and gating.
///
/// A class with constant properties rather than a struct: a pass sorts, indexes and hands
/// around ten thousand of these, and sharing one reference is far cheaper than copying
/// every string and JSON tree inside each time.
public final class ObjectDiff: Sendable, Hashable {
    public enum Change: Sendable, Hashable {
        /// Not on the cluster: create it. The object to send is built when it is sent
        /// (``OwnedFields/created(_:branch:)``): a first pass over a repository would
        /// otherwise hold a second copy of every object, from the diff to the next pass.
        case create
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

    public let key: ObjectKey
    public let desired: DesiredObject?
    public let observed: ObservedObject?
    public let change: Change
    /// Spec edits of an already created run; only `canceled` propagates, so these are
    /// reported and never applied.
    public let rejectedRunEdits: [FieldChange]
    /// PV selections Git gives for PVCs the controller has not discovered, as
    /// `namespace/name`.
    public let pendingVolumeSelections: [String]
    /// The observed run's state, read once per cluster version of the run.
    public let runState: RunState?

    public init(
        key: ObjectKey,
        desired: DesiredObject?,
        observed: ObservedObject?,
        change: Change,
        rejectedRunEdits: [FieldChange] = [],
        pendingVolumeSelections: [String] = [],
        runState: RunState? = nil
    ) {
        self.key = key
        self.desired = desired
        self.observed = observed
        self.change = change
        self.rejectedRunEdits = rejectedRunEdits
        self.pendingVolumeSelections = pendingVolumeSelections
        self.runState = runState ?? (key.kind.isRun ? observed?.runState : nil)
    }

    public static func == (lhs: ObjectDiff, rhs: ObjectDiff) -> Bool {
        lhs === rhs
            || (lhs.key == rhs.key && lhs.change == rhs.change && lhs.desired == rhs.desired
                && lhs.observed == rhs.observed && lhs.rejectedRunEdits == rhs.rejectedRunEdits
                && lhs.pendingVolumeSelections == rhs.pendingVolumeSelections)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
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
