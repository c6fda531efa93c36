import Foundation
import KubeObjects

/// Turns a diff into ordered cluster writes and reasoned deferrals.
///
/// Order: clusters, storage and hooks, then plans, then runs; deletions come last, runs
/// first. An object waits while what it references exists neither on the cluster nor
/// earlier in the same pass. Runs wait for a Ready plan, for the stage runs of their commit
/// and for the run gate. A plan with a running migration is not changed. Pruning needs
/// `pruneEnabled`, no manifest failures, and for plans a close acknowledged by MTC first.
public struct ActionPlanner: Sendable {
    /// What one planning call looks at.
    public struct Input: Sendable {
        public var diff: Diff
        /// Every MTC object observed in the managed namespace, managed or not: runs started
        /// outside Git still hold their plan.
        public var observed: [ObservedObject]
        public var branch: String
        public var pruneEnabled: Bool
        public var manifestFailures: [ManifestFailure]
        public var now: Date

        public init(
            diff: Diff,
            observed: [ObservedObject],
            branch: String,
            pruneEnabled: Bool = false,
            manifestFailures: [ManifestFailure] = [],
            now: Date
        ) {
            self.diff = diff
            self.observed = observed
            self.branch = branch
            self.pruneEnabled = pruneEnabled
            self.manifestFailures = manifestFailures
            self.now = now
        }
    }

    public var runGate: any RunGate

    public init(runGate: any RunGate = AllowAllRunGate()) {
        self.runGate = runGate
    }

    private static func runOrder(_ entry: ObjectDiff) -> Int {
        guard entry.key.kind.isRun, let spec = (entry.desired?.object ?? entry.observed?.object)?.spec else { return 0 }
        return RunKind.allCases.firstIndex(of: RunKind(spec: spec)) ?? 0
    }

    public func plan(_ input: Input) -> ActionPlan {
        var pass = Pass(input: input, gate: runGate)
        // Diff entries are in key order, which already puts tiers in order. Within the run
        // tier, stage runs are created before cutovers and rollbacks (the order
        // mig-controller queues them in anyway), with each run's kind read once.
        var runs: [(order: Int, entry: ObjectDiff)] = []
        for entry in input.diff.entries {
            if entry.key.kind.isRun {
                runs.append((Self.runOrder(entry), entry))
            } else {
                pass.apply(entry)
            }
        }
        runs.sort { $0.order != $1.order ? $0.order < $1.order : $0.entry.key < $1.entry.key }
        for run in runs {
            pass.apply(run.entry)
        }
        pass.prune()
        return ActionPlan(actions: pass.actions, deferrals: pass.deferrals)
    }
}

/// The working state of one planning call.
private struct Pass {
    let input: ActionPlanner.Input
    let gate: any RunGate
    let observedByKey: ObservedLookup
    /// States of observed runs that Git does not declare (Git's runs carry theirs on the
    /// diff entry).
    let otherRunStates: [ObjectKey: RunState]
    /// Observed runs per plan, sorted.
    let runsByPlan: [ObjectKey: [ObjectKey]]
    /// Stage runs in Git per plan and commit, for "stage runs of a commit go first".
    let stageRuns: [StageGroup: [ObjectDiff]]
    /// Every observed run, for the gate.
    let observedRuns: [ObservedObject]
    var actions: [PlannedAction] = []
    var deferrals: [Deferral] = []
    /// Objects created earlier in this pass: they count as existing for what follows.
    var created: Set<ObjectKey> = []
    /// Objects with a write planned in this pass.
    var written: Set<ObjectKey> = []
    /// Objects whose Git change is not (or not yet) on the cluster after this pass.
    var notConverged: Set<ObjectKey> = []

    struct StageGroup: Hashable {
        var plan: ObjectKey
        var commit: String
    }

    /// Builds only the indexes the pass will use: a pass with nothing to write (the common
    /// case) reads no run's plan and indexes nothing.
    init(input: ActionPlanner.Input, gate: any RunGate) {
        self.input = input
        self.gate = gate
        var writes = false
        var plansChange = false
        var cutovers = false
        for entry in input.diff.entries {
            switch entry.change {
            case .unchanged, .runNotRecreated: continue
            case .create where entry.key.kind.isRun:
                cutovers = cutovers || RunKind(spec: entry.desired?.object.spec) != .stage
            case .update where entry.key.kind == .migPlan, .pruneCandidate where entry.key.kind == .migPlan:
                plansChange = true
            default: break
            }
            writes = true
        }
        observedByKey = ObservedLookup(diff: input.diff, observed: input.observed)
        observedRuns = writes ? input.observed.filter(\.kind.isRun) : []
        var states: [ObjectKey: RunState] = [:]
        var runs: [ObjectKey: [ObjectKey]] = [:]
        for run in input.observed where plansChange && run.kind.isRun {
            if input.diff[run.key]?.runState == nil, let state = run.runState { states[run.key] = state }
            guard let plan = Self.plan(ofObservedRun: run) else { continue }
            runs[plan, default: []].append(run.key)
        }
        otherRunStates = states
        runsByPlan = runs.mapValues { $0.sorted() }
        var stages: [StageGroup: [ObjectDiff]] = [:]
        for entry in input.diff.entries where cutovers && entry.key.kind.isRun {
            guard let desired = entry.desired, RunKind(spec: desired.object.spec) == .stage,
                let plan = References.plan(ofRun: desired.object)
            else { continue }
            stages[StageGroup(plan: plan, commit: desired.commit), default: []].append(entry)
        }
        stageRuns = stages
    }

    func runState(_ key: ObjectKey) -> RunState? {
        input.diff[key]?.runState ?? otherRunStates[key]
    }

    /// A run's plan from its spec, or from the label MTC adds when the spec omits it.
    static func plan(ofObservedRun run: ObservedObject) -> ObjectKey? {
        if let plan = run.references.first { return plan }
        return run.planNameLabel.map {
            ObjectKey(kind: .migPlan, namespace: run.key.namespace, name: $0)
        }
    }

    func exists(_ key: ObjectKey) -> Bool { observedByKey[key] != nil || created.contains(key) }

    func runningMigration(of plan: ObjectKey) -> ObjectKey? {
        runsByPlan[plan]?.first { runState($0)?.isInFlight ?? false }
    }

    mutating func append(_ action: PlannedAction) {
        actions.append(action)
        written.insert(action.key)
    }

    mutating func defer_(_ key: ObjectKey, _ reason: Deferral.Reason) {
        deferrals.append(Deferral(key: key, reason: reason))
    }

    // MARK: - Apply

    mutating func apply(_ entry: ObjectDiff) {
        if !entry.pendingVolumeSelections.isEmpty {
            defer_(entry.key, .volumeSelectionsPending(entry.pendingVolumeSelections))
        }
        if !entry.rejectedRunEdits.isEmpty {
            defer_(entry.key, .immutableRunEdited(entry.rejectedRunEdits))
        }
        switch entry.change {
        case .create where entry.key.kind.isRun:
            createRun(entry)
        case .create:
            guard let desired = entry.desired else { return }
            let references = References.of(desired.object, kind: entry.key.kind)
            let missing = references.filter { !exists($0) }
            guard missing.isEmpty else {
                notConverged.insert(entry.key)
                return defer_(entry.key, .waitingForReferences(missing))
            }
            append(
                PlannedAction(
                    key: entry.key, verb: .create(desired), dependsOn: references, source: desired.sourceLocation)
            )
            created.insert(entry.key)
        case .update(let object, let changes):
            if entry.key.kind == .migPlan, let run = runningMigration(of: entry.key) {
                notConverged.insert(entry.key)
                return defer_(entry.key, .deferredWhileRunning(run: run))
            }
            let references = References.of(object, kind: entry.key.kind)
            let missing = references.filter { !exists($0) }
            guard missing.isEmpty else {
                notConverged.insert(entry.key)
                return defer_(entry.key, .waitingForReferences(missing))
            }
            append(
                PlannedAction(
                    key: entry.key, verb: .update(object, changes: changes),
                    dependsOn: references.filter(created.contains), source: entry.desired?.sourceLocation))
        case .cancelRun(let object):
            append(PlannedAction(key: entry.key, verb: .cancelRun(object), source: entry.desired?.sourceLocation))
        case .unchanged:
            if case .blocked(let condition, let message) = entry.runState?.result {
                defer_(entry.key, .runBlocked(condition: condition, message: message))
            }
        case .runNotRecreated:
            defer_(entry.key, .runNotRecreated)
        case .pruneCandidate:
            break
        }
    }

    /// A new run: its plan must be Ready as Git declares it, the stage runs of its commit
    /// must be done, and the gate must allow it.
    mutating func createRun(_ entry: ObjectDiff) {
        guard let desired = entry.desired else { return }
        let object = desired.object
        guard let plan = References.plan(ofRun: object) else {
            return defer_(entry.key, .missingPlanReference)
        }
        if let reason = planHold(plan) {
            return defer_(entry.key, reason)
        }
        if RunKind(spec: object.spec) != .stage, let reason = stageHold(for: desired, plan: plan) {
            return defer_(entry.key, reason)
        }
        let context = RunGateContext(
            now: input.now, branch: input.branch, plan: observedByKey[plan],
            observedRuns: observedRuns)
        if case .blocked(let block) = gate.verdict(for: desired, context: context) {
            return defer_(entry.key, .policyBlocked(block))
        }
        append(
            PlannedAction(
                key: entry.key, verb: .create(desired), dependsOn: [plan], source: desired.sourceLocation))
        created.insert(entry.key)
    }

    /// Why a run of `plan` may not be created now, or `nil` when the plan is ready for it.
    func planHold(_ plan: ObjectKey) -> Deferral.Reason? {
        guard let observed = observedByKey[plan] else {
            if created.contains(plan) || input.diff[plan]?.desired != nil {
                return .waitingForPlanReady(plan: plan, detail: "the plan is not created yet")
            }
            return .waitingForReferences([plan])
        }
        if notConverged.contains(plan) || written.contains(plan) {
            return .waitingForPlanReady(plan: plan, detail: "changes to the plan are not applied yet")
        }
        if observed.isClosed || observed.isClosingRequested {
            return .waitingForPlanReady(plan: plan, detail: "the plan is closed")
        }
        if !observed.isReady {
            let detail =
                observed.blockingConditions.first.map { "\($0.type): \($0.message)" }
                ?? "MTC has not validated it yet"
            return .waitingForPlanReady(plan: plan, detail: detail)
        }
        return nil
    }

    /// Why a cutover or rollback must wait for the stage runs Git asks for in the same
    /// commit, or `nil` when they are all done and succeeded.
    func stageHold(for run: DesiredObject, plan: ObjectKey) -> Deferral.Reason? {
        var waiting: [ObjectKey] = []
        for entry in stageRuns[StageGroup(plan: plan, commit: run.commit)] ?? [] {
            guard let state = entry.runState else {
                waiting.append(entry.key)
                continue
            }
            if !state.result.isTerminal {
                waiting.append(entry.key)
            } else if !state.result.isSuccess {
                return .stageRunUnsuccessful(run: entry.key, result: state.result.name)
            }
        }
        return waiting.isEmpty ? nil : .waitingForStageRuns(waiting)
    }

    // MARK: - Prune

    mutating func prune() {
        let candidates = input.diff.pruneCandidates.compactMap(\.observed)
        guard !candidates.isEmpty else { return }
        guard input.pruneEnabled else {
            for candidate in candidates { defer_(candidate.key, .pruneDisabled) }
            return
        }
        guard input.manifestFailures.isEmpty else {
            for candidate in candidates { defer_(candidate.key, .pruneSuppressed(failures: input.manifestFailures)) }
            return
        }
        var deleted: Set<ObjectKey> = []
        let referrers = referrersByTarget()
        // Dependents go first: runs, then plans, then what plans reference.
        for candidate in candidates.sorted(by: { ($0.kind.tier, $0.key) > ($1.kind.tier, $1.key) }) {
            let key = candidate.key
            let delete = PlannedAction(key: key, verb: .delete(resourceVersion: candidate.version?.resourceVersion))
            switch candidate.kind {
            case .migMigration:
                if runState(key)?.isInFlight ?? false {
                    defer_(key, .runningMigrationNotDeleted)
                } else {
                    actions.append(delete)
                    deleted.insert(key)
                }
            case .migPlan:
                if let run = runningMigration(of: key) {
                    defer_(key, .deferredWhileRunning(run: run))
                } else if !candidate.isClosingRequested {
                    var closing = candidate.object
                    var spec = closing.spec?.objectValue ?? [:]
                    spec["closed"] = true
                    closing.spec = .object(spec)
                    actions.append(PlannedAction(key: key, verb: .closePlan(closing)))
                } else if !candidate.isClosed {
                    defer_(key, .waitingForPlanClosed)
                } else {
                    actions.append(delete)
                    deleted.insert(key)
                }
            case .migCluster, .migStorage, .migHook:
                let holders = (referrers[key] ?? []).filter { !deleted.contains($0) }.sorted()
                if holders.isEmpty {
                    actions.append(delete)
                    deleted.insert(key)
                } else {
                    defer_(key, .stillReferenced(by: holders))
                }
            }
        }
    }

    /// For each referenced object, the plans (in Git or on the cluster) that reference it.
    func referrersByTarget() -> [ObjectKey: Set<ObjectKey>] {
        var map: [ObjectKey: Set<ObjectKey>] = [:]
        for entry in input.diff.entries where entry.key.kind == .migPlan {
            guard let desired = entry.desired else { continue }
            for target in References.of(desired.object, kind: .migPlan) { map[target, default: []].insert(entry.key) }
        }
        for observed in input.observed where observed.kind == .migPlan {
            for target in observed.references {
                map[target, default: []].insert(observed.key)
            }
        }
        return map
    }
}

/// The observed objects by key, looked up through the diff: every object Git declares or
/// migsync manages has an entry there with the object the cluster holds (if any). Only a key
/// without one (an object on the cluster that migsync does not manage, a missing reference)
/// needs every observed object indexed, which is then done once.
private final class ObservedLookup {
    private let diff: Diff
    private let observed: [ObservedObject]
    private var unmanaged: [ObjectKey: ObservedObject]?

    init(diff: Diff, observed: [ObservedObject]) {
        self.diff = diff
        self.observed = observed
    }

    subscript(key: ObjectKey) -> ObservedObject? {
        if let entry = diff[key] { return entry.observed }
        if unmanaged == nil {
            unmanaged = Dictionary(observed.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        }
        return unmanaged?[key]
    }
}
