/// migsync's `Ready` / `Reconciling` / `Stalled` conditions for an object or a whole pass.
///
/// `description` is the one formatter: the CLI, logs, notes and the status page print it
/// unchanged, so the same state always reads the same way.
public struct ConditionSummary: Sendable, Hashable, CustomStringConvertible {
    /// `Ready` first, then `Reconciling` and `Stalled` when true.
    public var conditions: [SyncCondition]

    public init(conditions: [SyncCondition]) {
        self.conditions = conditions
    }

    public var ready: SyncCondition? { conditions.first { $0.type == .ready } }
    public var isReady: Bool { ready?.status ?? false }
    public var isStalled: Bool { conditions.contains { $0.type == .stalled && $0.status } }
    public var isReconciling: Bool { conditions.contains { $0.type == .reconciling && $0.status } }
    /// `Ready=True` and nothing else: such an object adds nothing to a pass's conditions
    /// but its number.
    public var isSimplyReady: Bool { !conditions.contains { $0.type == .ready ? !$0.status : $0.status } }

    public func condition(_ type: SyncCondition.ConditionType) -> SyncCondition? {
        conditions.first { $0.type == type }
    }

    /// `Ready=False RunInProgress: ...; Reconciling=True RunInProgress: ...`.
    public var description: String { conditions.map(\.description).joined(separator: "; ") }

    /// Builds the three conditions from a stalled cause, a reconciling cause and the
    /// message `Ready` carries when neither applies.
    init(
        stalled: (ConditionReason, String)?,
        reconciling: (ConditionReason, String)?,
        notReady: (ConditionReason, String)? = nil,
        ready: (ConditionReason, String)
    ) {
        var conditions: [SyncCondition] = []
        if let cause = stalled ?? notReady ?? reconciling {
            conditions.append(SyncCondition(type: .ready, status: false, reason: cause.0, message: cause.1))
        } else {
            conditions.append(SyncCondition(type: .ready, status: true, reason: ready.0, message: ready.1))
        }
        if let reconciling {
            conditions.append(
                SyncCondition(type: .reconciling, status: true, reason: reconciling.0, message: reconciling.1))
        }
        if let stalled {
            conditions.append(SyncCondition(type: .stalled, status: true, reason: stalled.0, message: stalled.1))
        }
        self.init(conditions: conditions)
    }
}

// MARK: - Per object

extension ConditionSummary {
    /// The conditions for one object after a pass.
    public init(report: ObjectReport) {
        var stalled: (ConditionReason, String)?
        var reconciling: (ConditionReason, String)?
        var notReady: (ConditionReason, String)?

        func stall(_ reason: ConditionReason, _ message: String) {
            if stalled == nil { stalled = (reason, message) }
        }
        func progress(_ reason: ConditionReason, _ message: String) {
            if reconciling == nil { reconciling = (reason, message) }
        }

        if let failure = report.failure {
            notReady = (.reconciliationFailed, failure)
        }
        // A failed write is retried by the next pass; saying "created" would be wrong.
        if report.failure == nil, let action = report.actions.first {
            progress(Self.isPruneVerb(action.verb) ? .pruning : .progressing, Self.actionMessage(report.actions))
        }
        for deferral in report.deferrals {
            let message = deferral.reason.message
            switch deferral.reason {
            case .pruneSuppressed: stall(.manifestInvalid, message)
            case .runBlocked: stall(.blockedByCondition, message)
            case .immutableRunEdited: stall(.immutableRunEdited, message)
            case .runNotRecreated: stall(.runNotRecreated, message)
            case .missingPlanReference: stall(.manifestInvalid, message)
            case .stageRunUnsuccessful: stall(.blockedByCondition, message)
            case .deferredWhileRunning, .runningMigrationNotDeleted: progress(.deferredWhileRunning, message)
            case .waitingForReferences, .waitingForPlanReady, .waitingForStageRuns:
                progress(.waitingForDependency, message)
            case .policyBlocked: progress(.policyBlocked, message)
            case .volumeSelectionsPending: progress(.waitingForDiscovery, message)
            case .waitingForPlanClosed: progress(.pruning, message)
            case .pruneDisabled, .stillReferenced: if notReady == nil { notReady = (.notInGit, message) }
            }
        }

        let ready: (ConditionReason, String)
        if let run = report.runState {
            switch run.result {
            case .succeeded: ready = (.runSucceeded, Self.runMessage(run))
            case .succeededWithWarnings: ready = (.runSucceededWithWarnings, Self.runMessage(run))
            case .canceled: ready = (.runCanceled, Self.runMessage(run))
            case .failed(let message):
                stall(.runFailed, message.isEmpty ? "the run failed" : "the run failed: \(message)")
                ready = (.runFailed, "")
            case .blocked(let condition, let message):
                stall(.blockedByCondition, "blocked by \(condition): \(message)")
                ready = (.blockedByCondition, "")
            case .pending, .running:
                progress(.runInProgress, Self.runMessage(run))
                ready = (.runInProgress, "")
            }
        } else if report.key.kind.isRun {
            if report.desired != nil { progress(.progressing, "waiting for the run to be created") }
            ready = (.reconciliationSucceeded, "")
        } else if let observed = report.observed, report.desired != nil {
            // Conditions read before this pass's write describe the old spec; they say
            // nothing about the one just written.
            if !observed.isReady && report.actions.isEmpty {
                if let blocking = observed.blockingConditions.first {
                    stall(.blockedByCondition, "\(blocking.type): \(blocking.message)")
                } else {
                    progress(.progressing, "waiting for MTC to report Ready")
                }
            }
            let mtcMessage = observed.conditions.first { $0.type == "Ready" }?.message ?? ""
            ready = (.reconciliationSucceeded, mtcMessage.isEmpty ? "in sync with Git" : mtcMessage)
        } else {
            if report.desired != nil && report.failure == nil {
                progress(.progressing, "waiting for MTC to report Ready")
            }
            ready = (.reconciliationSucceeded, "in sync with Git")
        }
        self.init(stalled: stalled, reconciling: reconciling, notReady: notReady, ready: ready)
    }

    private static func isPruneVerb(_ verb: PlannedAction.Verb) -> Bool {
        switch verb {
        case .closePlan, .delete: return true
        case .create, .update, .cancelRun: return false
        }
    }

    private static func actionMessage(_ actions: [PlannedAction]) -> String {
        actions.map { action in
            switch action.verb {
            case .create: return "created"
            case .update(_, let changes): return "updated \(changes.map(\.path).joined(separator: ", "))"
            case .cancelRun: return "cancel requested"
            case .closePlan: return "closing before deletion"
            case .delete: return "deleted"
            }
        }.joined(separator: "; ")
    }

    /// `Stage itinerary, phase EnsureStageBackup, step 3/7 (StageBackup: 12/40 items)`.
    static func runMessage(_ run: RunState) -> String {
        var parts: [String] = []
        switch run.result {
        case .pending: parts.append("waiting for MTC to start the run")
        case .running: break
        default: parts.append("run \(run.result.name)")
        }
        if let itinerary = run.itinerary, run.hasStarted, !run.result.isTerminal {
            var text = "\(itinerary) itinerary"
            if let phase = run.phase { text += ", phase \(phase)" }
            let progress = run.stepProgress
            if progress.total > 0 { text += ", step \(min(progress.done + 1, progress.total))/\(progress.total)" }
            if let step = run.currentStep {
                text += " (\(step.name)\(step.progress.last.map { ": \($0)" } ?? ""))"
            }
            parts.append(text)
        }
        return parts.joined(separator: "; ")
    }
}

// MARK: - Per pass

extension ConditionSummary {
    /// The conditions for a whole pass.
    ///
    /// - Parameters:
    ///   - objects: every object's summary, by key.
    ///   - objectCount: how many objects the pass has, when `objects` leaves out those that
    ///     are simply Ready (``isSimplyReady``): they add nothing but their number.
    ///   - manifestFailures: manifests that failed to load in this pass.
    ///   - revision: the revision the pass reconciled.
    public init(
        pass objects: [ObjectKey: ConditionSummary], objectCount: Int? = nil, manifestFailures: [ManifestFailure],
        revision: Revision?
    ) {
        self.init(
            objects: objects.lazy.map { ($0.key, $0.value) }, count: objectCount ?? objects.count,
            manifestFailures: manifestFailures, revision: revision)
    }

    /// The conditions for a whole pass from its objects' summaries, in any order.
    public init(pass objects: [(ObjectKey, ConditionSummary)], manifestFailures: [ManifestFailure], revision: Revision?)
    {
        self.init(
            objects: objects, count: objects.count, manifestFailures: manifestFailures,
            revision: revision)
    }

    /// The conditions for a whole pass, from its status notes (which carry each object's
    /// summary and are reused across passes, so this costs no recomputation).
    public init(pass batch: StatusBatch, manifestFailures: [ManifestFailure], revision: Revision?) {
        self.init(
            objects: batch.notes.lazy.map { ($0.key, $0.summary) }, count: batch.notes.count,
            manifestFailures: manifestFailures, revision: revision)
    }

    /// One walk over the objects: each message names the first object in key order of its
    /// kind, which is the least key seen, so nothing is sorted or collected.
    private init(
        objects: some Sequence<(ObjectKey, ConditionSummary)>, count: Int, manifestFailures: [ManifestFailure],
        revision: Revision?
    ) {
        var stalledObjects = Tally()
        var reconcilingObjects = Tally()
        var runsInProgress = Tally()
        var deferredWhileRunning = Tally()
        var notReadyObjects = Tally()
        for (key, summary) in objects {
            for condition in summary.conditions {
                switch condition.type {
                case .ready:
                    if !condition.status { notReadyObjects.add(key, condition) }
                case .stalled:
                    if condition.status { stalledObjects.add(key, condition) }
                case .reconciling:
                    guard condition.status else { continue }
                    reconcilingObjects.add(key, condition)
                    if condition.reason == .runInProgress { runsInProgress.add(key, condition) }
                    if condition.reason == .deferredWhileRunning { deferredWhileRunning.add(key, condition) }
                }
            }
        }
        var stalled: (ConditionReason, String)?
        if let failure = manifestFailures.first {
            let more = manifestFailures.count > 1 ? " (and \(manifestFailures.count - 1) more)" : ""
            stalled = (.manifestInvalid, "\(failure)\(more)")
        } else if let (key, condition) = stalledObjects.first {
            stalled = (condition.reason, Self.countMessage(stalledObjects.count, "stalled", key, condition))
        }
        var reconciling: (ConditionReason, String)?
        if let first = reconcilingObjects.first {
            // A running migration says the most about why a pass is not done; lead with it.
            let lead = runsInProgress.first ?? deferredWhileRunning.first ?? first
            reconciling = (
                lead.condition.reason,
                Self.countMessage(reconcilingObjects.count, "reconciling", lead.key, lead.condition)
            )
        }
        let notReady = notReadyObjects.first.map { key, condition in
            (condition.reason, Self.countMessage(notReadyObjects.count, "not ready", key, condition))
        }
        let at = revision.map { " at \($0)" } ?? ""
        let ready = (ConditionReason.reconciliationSucceeded, "\(count) object(s) in sync\(at)")
        self.init(stalled: stalled, reconciling: reconciling, notReady: notReady, ready: ready)
    }

    private static func countMessage(_ count: Int, _ what: String, _ key: ObjectKey, _ condition: SyncCondition)
        -> String
    {
        let more = count > 1 ? " (and \(count - 1) more)" : ""
        return "\(count) object(s) \(what); \(key): \(condition.message)\(more)"
    }
}

/// How many objects have a condition, and the one with the least key.
private struct Tally {
    var count = 0
    var first: (key: ObjectKey, condition: SyncCondition)?

    mutating func add(_ key: ObjectKey, _ condition: SyncCondition) {
        count += 1
        if let current = first, current.key <= key { return }
        first = (key, condition)
    }
}
