import KubeObjects

/// Desired versus observed over the fields migsync owns, one entry per object.
///
/// Declarative kinds converge field by field. Runs are one-shot: created once under their
/// Git name, after which only `canceled: true` propagates and any other edit is reported.
/// Objects on the cluster that Git no longer declares are prune candidates only when they
/// carry migsync's label; everything else on the cluster is left out.
public struct Diff: Sendable, Hashable {
    /// Entries sorted in apply order.
    public private(set) var entries: [ObjectDiff]
    /// The branch the revision annotations were computed for.
    public let branch: String
    private let index: [ObjectKey: Int]

    /// Compares Git with the cluster.
    ///
    /// - Parameters:
    ///   - desired: every MTC object loaded from Git. When two documents declare the same
    ///     object, the one from the first path (in sort order) is used.
    ///   - observed: the MTC objects read from the cluster's managed namespace.
    ///   - branch: the tracked branch, for the revision annotation.
    ///   - createdRuns: runs migsync has created before (from its status notes); one of
    ///     these missing from the cluster is not created again.
    ///   - previous: the last pass's diff. An entry is reused when its manifest (path and
    ///     commit) and its cluster object (`uid` and `resourceVersion`) are the same as then,
    ///     so a pass after a one-file commit compares one object, not all of them.
    public init(
        desired: [DesiredObject],
        observed: [ObservedObject],
        branch: String,
        createdRuns: Set<ObjectKey> = [],
        reusing previous: Diff? = nil
    ) {
        var desiredByKey: [ObjectKey: DesiredObject] = [:]
        desiredByKey.reserveCapacity(desired.count)
        for object in desired {
            let key = object.key
            if let kept = desiredByKey[key],
                (kept.sourcePath, kept.sourceLine ?? 0) <= (object.sourcePath, object.sourceLine ?? 0)
            {
                continue
            }
            desiredByKey[key] = object
        }
        let observedByKey = Dictionary(observed.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let reusable = previous?.branch == branch ? previous : nil
        let pruneKeys = observedByKey.compactMap { key, current in
            desiredByKey[key] == nil && current.isManagedByMigsync ? key : nil
        }

        func entry(for key: ObjectKey) -> ObjectDiff? {
            let current = observedByKey[key]
            let old = reusable?[key]
            guard let wanted = desiredByKey[key] else {
                guard let current, current.isManagedByMigsync else { return nil }
                if let old, old.desired == nil, old.observed?.isSameVersion(as: current) == true { return old }
                return ObjectDiff(key: key, desired: nil, observed: current, change: .pruneCandidate)
            }
            let createdBefore = createdRuns.contains(key)
            if let old, Self.canReuse(old, desired: wanted, observed: current, createdBefore: createdBefore) {
                return old
            }
            return key.kind.isRun
                ? Self.runEntry(key, wanted, current, branch: branch, createdBefore: createdBefore)
                : Self.declarativeEntry(key, wanted, current, branch: branch)
        }

        // Keys rarely change between passes: walk the last pass's order, and sort only when
        // keys were added.
        var entries: [ObjectDiff] = []
        let expected = desiredByKey.count + pruneKeys.count
        entries.reserveCapacity(expected)
        if let reusable {
            for old in reusable.entries {
                if let next = entry(for: old.key) { entries.append(next) }
            }
        }
        let sameKeys = reusable != nil && entries.count == expected && entries.count == reusable?.entries.count
        if entries.count != expected {
            let seen = Set(entries.map(\.key))
            for key in Array(desiredByKey.keys) + pruneKeys where !seen.contains(key) {
                if let next = entry(for: key) { entries.append(next) }
            }
            entries.sort { $0.key < $1.key }
        }
        self.entries = entries
        self.branch = branch
        if sameKeys, let reusable {
            self.index = reusable.index
        } else {
            self.index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.key, $0) })
        }
    }

    public subscript(key: ObjectKey) -> ObjectDiff? {
        index[key].map { entries[$0] }
    }

    /// `true` when applying Git would write to the cluster (prune not counted).
    public var hasChanges: Bool { entries.contains(where: \.isWrite) }

    public var pruneCandidates: [ObjectDiff] {
        entries.filter { $0.change == .pruneCandidate }
    }

    // MARK: - Entries

    /// Same manifest revision and same cluster object version: the comparison would give
    /// the same answer, so it is not made again.
    private static func canReuse(
        _ old: ObjectDiff,
        desired: DesiredObject,
        observed: ObservedObject?,
        createdBefore: Bool
    ) -> Bool {
        guard let oldDesired = old.desired, oldDesired.commit == desired.commit,
            oldDesired.sourcePath == desired.sourcePath, oldDesired.sourceLine == desired.sourceLine
        else { return false }
        switch (old.observed, observed) {
        case (nil, nil):
            return (old.change == .runNotRecreated) == createdBefore
        case (let before?, let now?):
            return before.isSameVersion(as: now)
        default:
            return false
        }
    }

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
        let current = observed.object
        let merged = OwnedFields.merge(desired, into: current, branch: branch)
        let pending =
            key.kind == .migPlan
            ? OwnedFields.unmatchedVolumeSelections(desired: desired, observed: current) : []
        let change: ObjectDiff.Change =
            OwnedFields.differs(merged, from: current)
            ? .update(merged, changes: OwnedFields.changes(from: current, to: merged)) : .unchanged
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
        let current = observed.object
        let before = RunSpec.comparable(current.spec)
        let after = RunSpec.comparable(desired.object.spec)
        let edits: [FieldChange] =
            switch (before, after) {
            case (let a?, let b?) where a.semanticallyEquals(b): []
            case (nil, nil): []
            default: FieldChange.between(before, after, path: "spec")
            }
        let state = observed.runState ?? RunState(observed: current)
        var change = ObjectDiff.Change.unchanged
        if desired.object.spec?["canceled"]?.boolValue == true, !state.cancelRequested, !state.isCompleted {
            change = .cancelRun(RunSpec.canceling(current, desired: desired, branch: branch))
        }
        return ObjectDiff(
            key: key, desired: desired, observed: observed, change: change, rejectedRunEdits: edits, runState: state)
    }
}
