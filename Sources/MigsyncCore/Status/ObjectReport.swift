/// Everything a pass knows about one object: Git's version, the cluster's, what the pass
/// did or deferred, and whether a write failed.
///
/// Reports are the single input of conditions and status notes, so a pass, `migsync status`
/// and the status page all say the same thing about an object.
public struct ObjectReport: Sendable, Hashable {
    /// The fields live in one immutable box: a pass walks ten thousand reports in several
    /// steps, and copying a report is then one retain instead of one per field.
    private struct Fields: Sendable, Hashable {
        let key: ObjectKey
        let desired: DesiredObject?
        let observed: ObservedObject?
        let actions: [PlannedAction]
        let deferrals: [Deferral]
        let failure: String?
    }

    private let box: SharedFields<Fields>

    public var key: ObjectKey { box.fields.key }
    public var desired: DesiredObject? { box.fields.desired }
    /// The object as last observed (re-read after the pass's writes, when the driver has it).
    public var observed: ObservedObject? { box.fields.observed }
    public var actions: [PlannedAction] { box.fields.actions }
    public var deferrals: [Deferral] { box.fields.deferrals }
    /// Why this pass's write of the object failed, without credentials.
    public var failure: String? { box.fields.failure }
    /// The run's state, for runs seen on the cluster.
    public var runState: RunState? { key.kind.isRun ? observed?.runState : nil }

    public init(
        key: ObjectKey,
        desired: DesiredObject?,
        observed: ObservedObject?,
        actions: [PlannedAction] = [],
        deferrals: [Deferral] = [],
        failure: String? = nil
    ) {
        box = SharedFields(
            Fields(
                key: key, desired: desired, observed: observed, actions: actions, deferrals: deferrals,
                failure: failure))
    }

    /// Where the object stands after the pass.
    public var syncState: SyncState {
        if failure != nil { return .failed }
        if desired == nil {
            let orphaned = deferrals.contains {
                switch $0.reason {
                case .pruneDisabled, .pruneSuppressed, .stillReferenced: return true
                default: return false
                }
            }
            return orphaned ? .orphaned : .pruning
        }
        for deferral in deferrals {
            switch deferral.reason {
            case .immutableRunEdited, .runNotRecreated, .missingPlanReference: return .outOfSync
            case .volumeSelectionsPending, .runBlocked: continue
            default: return .deferred
            }
        }
        return .synced
    }

    /// The conditions for this object.
    public var summary: ConditionSummary { ConditionSummary(report: self) }
}

/// Whether the cluster holds what Git declares for an object, after a pass.
public enum SyncState: String, Sendable, Hashable, CaseIterable {
    /// The cluster has Git's owned fields (written now or before).
    case synced = "Synced"
    /// A change waits: for a reference, a Ready plan, a running migration, a policy.
    case deferred = "Deferred"
    /// Git differs and migsync will not apply it (an edited run, a run gone from the cluster).
    case outOfSync = "OutOfSync"
    /// The write failed in this pass; the next pass retries.
    case failed = "Failed"
    /// Removed from Git and being closed or deleted.
    case pruning = "Pruning"
    /// Removed from Git and kept: pruning is off, suppressed, or the object is referenced.
    case orphaned = "Orphaned"
}

extension ObjectReport {
    /// What a report's note depends on, compared cheaply: the manifest by path, line and
    /// commit (a file's content at a commit never changes), the cluster object by `uid` and
    /// `resourceVersion`, plus the pass's actions, deferrals and failure for the object.
    ///
    /// It holds the objects themselves (a reference each, so taking a fingerprint of every
    /// report on every pass copies no strings) and compares only those parts of them.
    public struct Fingerprint: Sendable, Hashable {
        var desired: DesiredObject?
        var observed: ObservedObject?
        var actions: [PlannedAction]
        var deferrals: [Deferral]
        var failure: String?

        public static func == (lhs: Fingerprint, rhs: Fingerprint) -> Bool {
            guard lhs.actions == rhs.actions, lhs.deferrals == rhs.deferrals, lhs.failure == rhs.failure else {
                return false
            }
            switch (lhs.desired, rhs.desired) {
            case (nil, nil): break
            case (let a?, let b?) where a.isSameRevision(as: b): break
            default: return false
            }
            switch (lhs.observed, rhs.observed) {
            case (nil, nil): return true
            case (let a?, let b?): return a.isSameVersion(as: b)
            default: return false
            }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(desired?.commit)
            hasher.combine(observed?.version)
            hasher.combine(failure)
        }
    }

    /// `nil` when the cluster object has no `resourceVersion` to tell versions apart.
    public var fingerprint: Fingerprint? {
        if let observed, observed.version == nil { return nil }
        return Fingerprint(
            desired: desired, observed: observed, actions: actions, deferrals: deferrals, failure: failure)
    }
}
