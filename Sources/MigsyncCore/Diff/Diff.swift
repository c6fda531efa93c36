import KubeObjects

/// Desired versus observed over the fields migsync owns, one entry per object.
///
/// Declarative kinds converge field by field. Runs are one-shot: created once under their
/// Git name, after which only `canceled: true` propagates and any other edit is reported.
/// Objects on the cluster that Git no longer declares are prune candidates only when they
/// carry migsync's label; everything else on the cluster is left out.
public struct Diff: Sendable, Hashable {
    /// Entries sorted in apply order.
    public var entries: [ObjectDiff]

    /// Compares Git with the cluster.
    ///
    /// - Parameters:
    ///   - desired: every MTC object loaded from Git. When two documents declare the same
    ///     object, the one from the first path (in sort order) is used.
    ///   - observed: the MTC objects read from the cluster's managed namespace.
    ///   - branch: the tracked branch, for the revision annotation.
    ///   - createdRuns: runs migsync has created before (from its status notes); one of
    ///     these missing from the cluster is not created again.
    public init(
        desired: [DesiredObject],
        observed: [ObservedObject],
        branch: String,
        createdRuns: Set<ObjectKey> = []
    ) {
        var desiredByKey: [ObjectKey: DesiredObject] = [:]
        for object in desired.sorted(by: { ($0.sourcePath, $0.sourceLine ?? 0) < ($1.sourcePath, $1.sourceLine ?? 0) })
        where desiredByKey[object.key] == nil {
            desiredByKey[object.key] = object
        }
        let observedByKey = Dictionary(observed.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })

        var entries: [ObjectDiff] = []
        for (key, wanted) in desiredByKey {
            let current = observedByKey[key]
            if key.kind.isRun {
                entries.append(
                    Self.runEntry(key, wanted, current, branch: branch, createdBefore: createdRuns.contains(key)))
            } else {
                entries.append(Self.declarativeEntry(key, wanted, current, branch: branch))
            }
        }
        for (key, current) in observedByKey where desiredByKey[key] == nil && current.isManagedByMigsync {
            entries.append(ObjectDiff(key: key, desired: nil, observed: current, change: .pruneCandidate))
        }
        self.entries = entries.sorted { $0.key < $1.key }
    }

    public subscript(key: ObjectKey) -> ObjectDiff? {
        entries.first { $0.key == key }
    }

    /// `true` when applying Git would write to the cluster (prune not counted).
    public var hasChanges: Bool { entries.contains(where: \.isWrite) }

    public var pruneCandidates: [ObjectDiff] {
        entries.filter { $0.change == .pruneCandidate }
    }

    // MARK: - Entries

    private static func declarativeEntry(
        _ key: ObjectKey,
        _ desired: DesiredObject,
        _ observed: ObservedObject?,
        branch: String
    ) -> ObjectDiff {
        guard let observed else {
            let pending = key.kind == .migPlan ? OwnedFields.volumeSelectionKeys(desired) : []
            return ObjectDiff(
                key: key, desired: desired, observed: nil,
                change: .create(OwnedFields.merge(desired, into: nil, branch: branch)),
                pendingVolumeSelections: pending)
        }
        let merged = OwnedFields.merge(desired, into: observed.object, branch: branch)
        let pending =
            key.kind == .migPlan
            ? OwnedFields.unmatchedVolumeSelections(desired: desired, observed: observed.object) : []
        let change: ObjectDiff.Change =
            OwnedFields.differs(merged, from: observed.object)
            ? .update(merged, changes: OwnedFields.changes(from: observed.object, to: merged)) : .unchanged
        return ObjectDiff(
            key: key, desired: desired, observed: observed, change: change, pendingVolumeSelections: pending)
    }

    private static func runEntry(
        _ key: ObjectKey,
        _ desired: DesiredObject,
        _ observed: ObservedObject?,
        branch: String,
        createdBefore: Bool
    ) -> ObjectDiff {
        guard let observed else {
            let change: ObjectDiff.Change =
                createdBefore ? .runNotRecreated : .create(OwnedFields.merge(desired, into: nil, branch: branch))
            return ObjectDiff(key: key, desired: desired, observed: nil, change: change)
        }
        let edits = FieldChange.between(
            RunSpec.comparable(observed.object.spec), RunSpec.comparable(desired.object.spec), path: "spec")
        let wantsCancel = desired.object.spec?["canceled"]?.boolValue == true
        let state = RunState(observed: observed.object)
        var change = ObjectDiff.Change.unchanged
        if wantsCancel && !state.cancelRequested && !state.isCompleted {
            change = .cancelRun(RunSpec.canceling(observed.object, desired: desired, branch: branch))
        }
        return ObjectDiff(key: key, desired: desired, observed: observed, change: change, rejectedRunEdits: edits)
    }
}
