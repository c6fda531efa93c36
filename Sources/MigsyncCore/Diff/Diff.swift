import KubeObjects

/// Desired versus observed over the fields migsync owns, one entry per object.
///
/// Declarative kinds converge field by field. Runs are one-shot: created once under their
/// Git name, after which only `canceled: true` propagates and any other edit is reported.
/// Objects on the cluster that Git no longer declares are prune candidates only when they
/// carry migsync's label; everything else on the cluster is left out.
public struct Diff: Sendable, Hashable {
    public static func == (lhs: Diff, rhs: Diff) -> Bool {
        lhs.branch == rhs.branch && lhs.entries == rhs.entries
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(branch)
        hasher.combine(entries)
    }

    /// Entries sorted in apply order.
    public private(set) var entries: [ObjectDiff]
    /// The branch the revision annotations were computed for.
    public let branch: String
    private let index: [ObjectKey: Int]
    /// What this diff was computed from, kept so the next pass can find what changed by
    /// identity (see ``updated(desired:observed:)``).
    private let desiredInput: [DesiredObject]
    private let observedInput: [ObservedObject]
    private let createdRuns: Set<ObjectKey>
    /// Two inputs shared a key; the first by path won. The quick update does not handle that.
    private let hasDuplicateKeys: Bool
    /// Tells this diff apart from every other, so what was built from it (object reports)
    /// can later recognise a diff updated from this one.
    public let generation: Generation
    /// Set when this diff is the last one with a few entries recomputed (same keys, same
    /// order): that diff's generation and the recomputed keys. Every other entry is the very
    /// entry of that diff. `nil` when everything was compared.
    public let update: Update?
    /// How many entries are the last diff's, taken over unchanged: few after a pass that
    /// changed most objects, when what was built from the last pass is worth little.
    public let carriedEntries: Int

    /// The diff an updated diff came from, and what it recomputed.
    public struct Update: Sendable {
        public let base: Generation
        public let keys: Set<ObjectKey>
    }

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
        if let previous, previous.branch == branch, previous.createdRuns == createdRuns,
            let updated = previous.updated(desired: desired, observed: observed)
        {
            self = updated
            return
        }
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
            Self.entry(
                key, desired: desiredByKey[key], observed: observedByKey[key], old: reusable?[key], branch: branch,
                createdRuns: createdRuns)
        }

        // Keys rarely change between passes: walk the last pass's order, and sort only when
        // keys were added.
        var entries: [ObjectDiff] = []
        let expected = desiredByKey.count + pruneKeys.count
        entries.reserveCapacity(expected)
        var carried = 0
        if let reusable {
            for old in reusable.entries {
                guard let next = entry(for: old.key) else { continue }
                entries.append(next)
                if next === old { carried += 1 }
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
        self.desiredInput = desired
        self.observedInput = observed
        self.createdRuns = createdRuns
        self.hasDuplicateKeys = desiredByKey.count != desired.count || observedByKey.count != observed.count
        self.update = nil
        self.carriedEntries = carried
        self.generation = Generation()
    }

    private init(
        entries: [ObjectDiff], branch: String, index: [ObjectKey: Int], desiredInput: [DesiredObject],
        observedInput: [ObservedObject], createdRuns: Set<ObjectKey>, update: Update
    ) {
        self.entries = entries
        self.branch = branch
        self.index = index
        self.desiredInput = desiredInput
        self.observedInput = observedInput
        self.createdRuns = createdRuns
        self.hasDuplicateKeys = false
        self.update = update
        self.carriedEntries = entries.count - update.keys.count
        self.generation = Generation()
    }

    /// This diff brought up to date with new inputs, comparing only what changed; `nil` when
    /// that is not a small, simple change, and the caller compares everything.
    ///
    /// Unchanged objects are the same stored values from pass to pass (the manifest cache
    /// keeps an unchanged file's objects, the cluster cache an unchanged object), and inputs
    /// keep their order, so walking the old and new inputs side by side and comparing
    /// references finds the changed ones. Each keeps its key (an edit, a new cluster
    /// version); an added, removed or renamed object, or many changes, take the full way.
    private func updated(desired: [DesiredObject], observed: [ObservedObject]) -> Diff? {
        guard !hasDuplicateKeys, desired.count == desiredInput.count, observed.count == observedInput.count else {
            return nil
        }
        let limit = max(64, entries.count / 8)
        var newDesired: [ObjectKey: DesiredObject] = [:]
        for (object, before) in zip(desired, desiredInput) where !object.isIdentical(to: before) {
            guard object.key == before.key, newDesired.count < limit else { return nil }
            newDesired[object.key] = object
        }
        var newObserved: [ObjectKey: ObservedObject] = [:]
        for (object, before) in zip(observed, observedInput) where !object.isIdentical(to: before) {
            guard object.key == before.key, newObserved.count < limit else { return nil }
            newObserved[object.key] = object
        }
        var entries = self.entries
        var recomputed: Set<ObjectKey> = []
        for key in Set(newDesired.keys).union(newObserved.keys) {
            guard let at = index[key] else {
                // On the cluster, not in Git and not migsync's: out of the diff, unless it
                // became migsync's, which adds an entry.
                if newObserved[key]?.isManagedByMigsync == true { return nil }
                continue
            }
            let old = entries[at]
            guard
                let next = Self.entry(
                    key, desired: newDesired[key] ?? old.desired, observed: newObserved[key] ?? old.observed, old: old,
                    branch: branch, createdRuns: createdRuns)
            else { return nil }
            entries[at] = next
            recomputed.insert(key)
        }
        return Diff(
            entries: entries, branch: branch, index: index, desiredInput: desired, observedInput: observed,
            createdRuns: createdRuns, update: Update(base: generation, keys: recomputed))
    }

    public subscript(key: ObjectKey) -> ObjectDiff? {
        index[key].map { entries[$0] }
    }

    /// Where `key`'s entry is in ``entries``.
    public func position(of key: ObjectKey) -> Int? { index[key] }

    /// `true` when applying Git would write to the cluster (prune not counted).
    public var hasChanges: Bool { entries.contains(where: \.isWrite) }

    public var pruneCandidates: [ObjectDiff] {
        entries.filter { $0.change == .pruneCandidate }
    }

    // MARK: - Entries

    /// The entry for one key, or `nil` when the key is not migsync's business (on the
    /// cluster only, and not labelled as migsync's). `old` is the last pass's entry.
    private static func entry(
        _ key: ObjectKey, desired wanted: DesiredObject?, observed current: ObservedObject?, old: ObjectDiff?,
        branch: String, createdRuns: Set<ObjectKey>
    ) -> ObjectDiff? {
        guard let wanted else {
            guard let current, current.isManagedByMigsync else { return nil }
            if let old, old.desired == nil, old.observed?.isSameVersion(as: current) == true { return old }
            return ObjectDiff(key: key, desired: nil, observed: current, change: .pruneCandidate)
        }
        let createdBefore = createdRuns.contains(key)
        if let old, canReuse(old, desired: wanted, observed: current, createdBefore: createdBefore) {
            return old
        }
        return key.kind.isRun
            ? runEntry(key, wanted, current, branch: branch, createdBefore: createdBefore)
            : declarativeEntry(key, wanted, current, branch: branch)
    }

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
                change: .create,
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
                createdBefore ? .runNotRecreated : .create
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
