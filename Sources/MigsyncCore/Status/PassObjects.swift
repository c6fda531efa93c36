/// Every object's report and conditions after one pass, kept for the next pass.
///
/// A report depends on the object's diff entry, the pass's actions, deferrals and failures
/// for it, and the object as re-read after the writes. After a small commit almost none of
/// these differ from the last pass, so only the reports of objects whose entry was
/// recomputed, or that this pass or the last one acted on, are built again; the pass
/// conditions are counted from the few objects that are not simply Ready.
public struct PassObjects: Sendable {
    /// One report per diff entry, in the diff's order.
    public private(set) var reports: [ObjectReport]
    /// Each report's own conditions, in the same order.
    public private(set) var summaries: [ConditionSummary]
    /// Objects whose conditions are more than `Ready=True`, the only ones the pass
    /// conditions name or count.
    private var notable: [ObjectKey: ConditionSummary]
    /// Runs that have started and not finished.
    private var runsInFlight: Set<ObjectKey>
    /// Objects this pass acted on, deferred, failed or re-read: their reports change again
    /// when the next pass does not, so it rebuilds them.
    private let busy: Set<ObjectKey>
    /// The diff the reports were built from.
    private let diffGeneration: Generation
    /// Tells these objects apart, so a status batch built from them can recognise the
    /// next pass's objects as updated from them.
    public let generation = Generation()
    /// When the reports are the last pass's with some built again: that pass's generation
    /// and the reports built again (every other report is the very one it had).
    public let update: Update?

    /// The objects these were updated from, and the reports built again.
    public struct Update: Sendable {
        public let base: Generation
        public let rebuilt: [ObjectReport]
    }

    /// The reports of a pass.
    ///
    /// - Parameters:
    ///   - diff: the pass's diff.
    ///   - plan: what the planner made of it.
    ///   - failures: writes that failed, by object.
    ///   - afterWrites: the cluster as read again after the writes, replacing what the diff
    ///     saw; `nil` when nothing was written.
    ///   - previous: the last pass's objects. When `diff` was updated from their diff, the
    ///     reports of unchanged, untouched objects are taken over as they are.
    public init(
        diff: Diff,
        plan: ActionPlan,
        failures: [ObjectKey: String] = [:],
        afterWrites: ClusterAfterWrites? = nil,
        reusing previous: PassObjects? = nil
    ) {
        let actionsByKey = Dictionary(grouping: plan.actions, by: \.key)
        let deferralsByKey = Dictionary(grouping: plan.deferrals, by: \.key)
        var busy = Set(actionsByKey.keys).union(deferralsByKey.keys).union(failures.keys)
        var relisted: [ObjectKey: ObservedObject]?
        switch afterWrites {
        case .reread(let objects): busy.formUnion(objects.keys)
        case .relisted(let list):
            relisted = Dictionary(list.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        case nil: break
        }
        func report(_ entry: ObjectDiff) -> ObjectReport {
            var observed = entry.observed
            switch afterWrites {
            case .reread(let objects): if let fresh = objects[entry.key] { observed = fresh }
            case .relisted: observed = relisted?[entry.key]
            case nil: break
            }
            return ObjectReport(
                key: entry.key, desired: entry.desired, observed: observed, actions: actionsByKey[entry.key] ?? [],
                deferrals: deferralsByKey[entry.key] ?? [], failure: failures[entry.key])
        }
        self.busy = busy
        diffGeneration = diff.generation

        if relisted == nil, let previous, let update = diff.update, update.base === previous.diffGeneration,
            previous.reports.count == diff.entries.count
        {
            // Same keys in the same order as the last pass: patch its arrays.
            var reports = previous.reports
            var summaries = previous.summaries
            var notable = previous.notable
            var runsInFlight = previous.runsInFlight
            var rebuilt: [ObjectReport] = []
            for key in update.keys.union(busy).union(previous.busy) {
                guard let at = diff.position(of: key) else { continue }
                let next = report(diff.entries[at])
                rebuilt.append(next)
                let summary = next.summary
                reports[at] = next
                summaries[at] = summary
                notable[key] = summary.isSimplyReady ? nil : summary
                if next.runState?.isInFlight == true {
                    runsInFlight.insert(key)
                } else {
                    runsInFlight.remove(key)
                }
            }
            self.reports = reports
            self.summaries = summaries
            self.notable = notable
            self.runsInFlight = runsInFlight
            self.update = Update(base: previous.generation, rebuilt: rebuilt)
            return
        }

        // Everything is built again; an object's conditions are still taken over when its
        // report has the same fingerprint as last time (after the first pass that creates
        // everything, the next one sees new cluster versions but the same conditions).
        let reports = diff.entries.map(report)
        var summaries: [ConditionSummary] = []
        summaries.reserveCapacity(reports.count)
        var notable: [ObjectKey: ConditionSummary] = [:]
        var runsInFlight: Set<ObjectKey> = []
        let previousPositions = previous.map { previous in
            Dictionary(
                previous.reports.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        }
        for report in reports {
            var summary: ConditionSummary?
            if let previous, let at = previousPositions?[report.key], let fingerprint = report.fingerprint,
                previous.reports[at].fingerprint == fingerprint
            {
                summary = previous.summaries[at]
            }
            let resolved = summary ?? report.summary
            summaries.append(resolved)
            if !resolved.isSimplyReady { notable[report.key] = resolved }
            if report.runState?.isInFlight == true { runsInFlight.insert(report.key) }
        }
        self.reports = reports
        self.summaries = summaries
        self.notable = notable
        self.runsInFlight = runsInFlight
        update = nil
    }

    /// The conditions of the whole pass.
    public func summary(manifestFailures: [ManifestFailure], revision: Revision?) -> ConditionSummary {
        ConditionSummary(
            pass: notable, objectCount: reports.count, manifestFailures: manifestFailures, revision: revision)
    }

    /// Whether a run has started and not finished: the next pass should come soon.
    public var hasRunInFlight: Bool { !runsInFlight.isEmpty }
}

/// The cluster as read again after a pass's writes.
public enum ClusterAfterWrites: Sendable {
    /// Only the written objects were read again, by key; `nil` for one that is gone.
    case reread([ObjectKey: ObservedObject?])
    /// Everything was listed again.
    case relisted([ObservedObject])
}
