import Foundation
import KubeObjects
import Testing

@testable import MigsyncCore

@Suite("action planner")
struct ActionPlannerTests {
    static let estate = [Make.cluster("host"), Make.cluster("ocp3"), Make.storage()]

    func plan(
        _ desired: [DesiredObject],
        _ observed: [ObservedObject],
        prune: Bool = false,
        failures: [ManifestFailure] = [],
        gate: any RunGate = AllowAllRunGate()
    ) -> ActionPlan {
        let diff = Diff(desired: desired, observed: observed, branch: Make.branch)
        return ActionPlanner(runGate: gate).plan(
            .init(
                diff: diff, observed: observed, branch: Make.branch, pruneEnabled: prune, manifestFailures: failures,
                now: Make.now))
    }

    /// The estate as it stands once MTC has reconciled it: everything Ready.
    func readyEstate() -> [ObservedObject] {
        Self.estate.map { Make.observed($0, conditions: [Make.ready]) }
    }

    func reasons(_ plan: ActionPlan, _ key: ObjectKey) -> [Deferral.Reason] {
        plan.deferrals(for: key).map(\.reason)
    }

    // MARK: - Order and references

    @Test("a cold pass creates clusters and storage, then the plan; the run waits for the plan")
    func coldPass() {
        let run = Make.run("shop-stage-1", stage: true)
        let result = plan(Self.estate + [Make.plan(), run], [])
        #expect(
            result.actions.map(\.description) == [
                "create MigCluster/host", "create MigCluster/ocp3", "create MigStorage/minio", "create MigPlan/shop",
            ])
        let planAction = result.actions[3]
        #expect(planAction.dependsOn.map(\.description) == ["MigCluster/host", "MigCluster/ocp3", "MigStorage/minio"])
        #expect(planAction.source == "plans/shop.yaml")
        #expect(
            reasons(result, run.key) == [
                .waitingForPlanReady(plan: Make.plan().key, detail: "the plan is not created yet")
            ])
    }

    @Test("an object waits while what it references exists neither on the cluster nor in Git")
    func missingReference() {
        let result = plan([Make.cluster("host"), Make.storage(), Make.plan()], [])
        #expect(result.actions.map(\.key.kind) == [.migCluster, .migStorage])
        #expect(
            reasons(result, Make.plan().key) == [.waitingForReferences([ObjectKey(kind: .migCluster, name: "ocp3")])])
    }

    @Test("a reference that exists only on the cluster is enough")
    func referenceOnCluster() {
        let result = plan([Make.plan()], readyEstate())
        #expect(result.actions.map(\.description) == ["create MigPlan/shop"])
    }

    @Test("an update that points at a missing object waits")
    func updateWithMissingReference() {
        let observed = Make.observed(Make.plan(), conditions: [Make.ready])
        var changed = Make.plan()
        changed.object.spec?["migStorageRef"] = Make.ref("s3")
        let result = plan(Self.estate + [changed], readyEstate() + [observed])
        #expect(result.actions.isEmpty)
        #expect(reasons(result, changed.key) == [.waitingForReferences([ObjectKey(kind: .migStorage, name: "s3")])])
    }

    @Test("a converged estate plans nothing and defers nothing")
    func nothingToDo() {
        let run = Make.run("shop-stage-1", stage: true)
        let observed =
            readyEstate() + [
                Make.observed(Make.plan(), conditions: [Make.ready]),
                Make.observedRun(run, phase: "Completed", conditions: [Make.succeeded]),
            ]
        let result = plan(Self.estate + [Make.plan(), run], observed)
        #expect(result.isEmpty)
        #expect(result.deferrals.isEmpty)
    }

    // MARK: - Runs and their plan

    enum PlanCondition: String, CaseIterable, Sendable {
        case ready, validating, conflict, closed, closing, changing
    }

    @Test("a run starts only once its plan is Ready as Git declares it", arguments: PlanCondition.allCases)
    func runWaitsForPlan(condition: PlanCondition) throws {
        let run = Make.run("shop-stage-1", stage: true)
        var gitPlan = Make.plan()
        var conditions: [JSONValue] = [Make.ready]
        switch condition {
        case .ready: break
        case .validating: conditions = []
        case .conflict:
            conditions = [Make.condition("PlanConflict", "Error", "The migration plan conflicts with plan other.")]
        case .closed: conditions.append(Make.condition("Closed", "Advisory"))
        case .closing: gitPlan.object.spec?["closed"] = true
        case .changing: gitPlan.object.spec?["namespaces"] = ["shop", "cart"]
        }
        let observedPlan = Make.observed(condition == .closing ? gitPlan : Make.plan(), conditions: conditions)
        let result = plan(Self.estate + [gitPlan, run], readyEstate() + [observedPlan])
        let created = result.actions.contains { $0.key == run.key }
        #expect(created == (condition == .ready))
        if condition != .ready {
            let reason = try #require(reasons(result, run.key).first)
            guard case .waitingForPlanReady(let plan, let detail) = reason else {
                Issue.record("expected waitingForPlanReady, got \(reason)")
                return
            }
            #expect(plan == gitPlan.key)
            switch condition {
            case .conflict: #expect(detail == "PlanConflict: The migration plan conflicts with plan other.")
            case .validating: #expect(detail == "MTC has not validated it yet")
            case .closed, .closing: #expect(detail == "the plan is closed")
            case .changing: #expect(detail == "changes to the plan are not applied yet")
            case .ready: break
            }
        }
    }

    @Test("a run that names no plan is reported")
    func runWithoutPlan() {
        let run = Make.desired(.migMigration, "orphan", spec: ["stage": true])
        let result = plan([run], [])
        #expect(reasons(result, run.key) == [.missingPlanReference])
    }

    enum StageProgress: String, CaseIterable, Sendable {
        case notCreated, running, succeeded, failed, otherCommit
    }

    @Test("stage runs of a commit go before its cutover", arguments: StageProgress.allCases)
    func stageBeforeCutover(progress: StageProgress) throws {
        let stage = Make.run(
            "shop-stage-1", stage: true, commit: progress == .otherCommit ? Make.commit2 : Make.commit1)
        let cutover = Make.run("shop-cutover", stage: false, extra: ["quiescePods": true])
        var observed = readyEstate() + [Make.observed(Make.plan(), conditions: [Make.ready])]
        switch progress {
        case .notCreated, .otherCommit: break
        case .running: observed.append(Make.observedRun(stage, phase: "EnsureStageBackup"))
        case .succeeded: observed.append(Make.observedRun(stage, phase: "Completed", conditions: [Make.succeeded]))
        case .failed:
            observed.append(
                Make.observedRun(
                    stage, phase: "Completed", conditions: [Make.condition("Failed", "Advisory", "failed")]))
        }
        let result = plan(Self.estate + [Make.plan(), stage, cutover], observed)
        let cutoverCreated = result.actions.contains { $0.key == cutover.key }
        switch progress {
        case .notCreated:
            #expect(result.actions.map(\.key) == [stage.key])
            #expect(reasons(result, cutover.key) == [.waitingForStageRuns([stage.key])])
        case .running:
            #expect(!cutoverCreated)
            #expect(reasons(result, cutover.key) == [.waitingForStageRuns([stage.key])])
        case .succeeded:
            #expect(result.actions.map(\.key) == [cutover.key])
            #expect(result.actions.first?.dependsOn == [Make.plan().key])
        case .failed:
            #expect(!cutoverCreated)
            #expect(reasons(result, cutover.key) == [.stageRunUnsuccessful(run: stage.key, result: "Failed")])
        case .otherCommit:
            #expect(result.actions.map(\.key) == [stage.key, cutover.key])
        }
    }

    @Test("a run held by a Critical condition is reported with its message")
    func blockedRun() {
        let run = Make.run("shop-stage-2", stage: true)
        let message = "The associated migration plan already has a final migration."
        let observed =
            readyEstate() + [
                Make.observed(Make.plan(), conditions: [Make.ready]),
                Make.observedRun(
                    run, phase: nil, conditions: [Make.condition("HasFinalMigration", "Critical", message)]),
            ]
        let result = plan(Self.estate + [Make.plan(), run], observed)
        #expect(result.isEmpty)
        #expect(reasons(result, run.key) == [.runBlocked(condition: "HasFinalMigration", message: message)])
        #expect(
            result.deferrals(for: run.key).first?.description
                == "MigMigration/shop-stage-2: blocked by HasFinalMigration: \(message)")
    }

    @Test("canceling a run is written even while its plan is not Ready")
    func cancelNotGated() {
        let run = Make.run("shop-cutover", stage: false)
        let observed =
            readyEstate() + [
                Make.observed(Make.plan(), conditions: []), Make.observedRun(run, phase: "EnsureInitialBackup"),
            ]
        let canceled = Make.run("shop-cutover", stage: false, commit: Make.commit2, extra: ["canceled": true])
        let result = plan(Self.estate + [Make.plan(), canceled], observed)
        #expect(result.actions.map(\.description) == ["cancel MigMigration/shop-cutover"])
    }

    @Test("an edited run is reported as immutable")
    func editedRun() {
        let run = Make.run("shop-stage-1", stage: true)
        let observed =
            readyEstate() + [
                Make.observed(Make.plan(), conditions: [Make.ready]),
                Make.observedRun(run, phase: "Completed", conditions: [Make.succeeded]),
            ]
        let edited = Make.run("shop-stage-1", stage: false, commit: Make.commit2)
        let result = plan(Self.estate + [Make.plan(), edited], observed)
        #expect(result.isEmpty)
        #expect(
            reasons(result, run.key) == [.immutableRunEdited([FieldChange(path: "spec.stage", old: true, new: nil)])])
    }

    // MARK: - Plans with running migrations

    @Test(
        "a plan with a running migration is not changed until the run ends",
        arguments: [("EnsureStageBackup", true), ("Completed", false), (nil, false)] as [(String?, Bool)])
    func planDeferredWhileRunning(phase: String?, deferred: Bool) {
        let run = Make.run("shop-stage-1", stage: true)
        let observed =
            readyEstate() + [
                Make.observed(Make.plan(), conditions: [Make.ready]), Make.observedRun(run, phase: phase),
            ]
        let changed = Make.plan(namespaces: ["shop", "cart"], commit: Make.commit2)
        let result = plan(Self.estate + [changed, run], observed)
        #expect(result.actions.contains { $0.key == changed.key } == !deferred)
        if deferred {
            #expect(reasons(result, changed.key) == [.deferredWhileRunning(run: run.key)])
        }
    }

    @Test("a migration started outside Git still holds its plan")
    func unmanagedRunHoldsPlan() {
        var uiRun = Make.observedRun(Make.run("from-ui", stage: true), phase: "EnsureStageBackup", managed: false)
        uiRun.object.spec?["migPlanRef"] = nil
        uiRun.object.labels["migration.openshift.io/migplan-name"] = "shop"
        let observed = readyEstate() + [Make.observed(Make.plan(), conditions: [Make.ready]), uiRun]
        let result = plan(Self.estate + [Make.plan(namespaces: ["shop", "cart"])], observed)
        #expect(result.isEmpty)
        #expect(reasons(result, Make.plan().key) == [.deferredWhileRunning(run: uiRun.key)])
    }

    // MARK: - Gate

    @Test("the run gate sees the run and its plan, and a block is reported with the policy")
    func gate() throws {
        let stage = Make.run("shop-stage-1", stage: true)
        let cutover = Make.run("shop-cutover", stage: false, commit: Make.commit2)
        let opening = Date(timeIntervalSince1970: 1_795_100_000)
        let block = RunBlock(
            policy: "policies/cutover.yaml", requirement: "window", message: "outside the weekend window",
            nextOpening: opening)
        let gate = RecordingGate(blocked: [cutover.key: block])
        let observed = readyEstate() + [Make.observed(Make.plan(), conditions: [Make.ready])]
        let result = plan(Self.estate + [Make.plan(), stage, cutover], observed, gate: gate)
        #expect(result.actions.map(\.key) == [stage.key])
        #expect(reasons(result, cutover.key) == [.policyBlocked(block)])
        #expect(gate.questions.map(\.run) == [stage.key, cutover.key])
        #expect(gate.questions.allSatisfy { $0.plan == Make.plan().key })
        let message = try #require(result.deferrals(for: cutover.key).first?.reason.message)
        #expect(message.contains("policies/cutover.yaml (window): outside the weekend window; next opening 2026-"))
    }

    @Test("the gate is not asked while MTC could not run the migration anyway")
    func gateAskedLast() {
        let gate = RecordingGate()
        let run = Make.run("shop-stage-1", stage: true)
        _ = plan(Self.estate + [Make.plan(), run], readyEstate() + [Make.observed(Make.plan())], gate: gate)
        #expect(gate.questions.isEmpty)
    }

    // MARK: - Prune

    @Test("nothing is pruned unless pruning is enabled")
    func pruneDisabled() {
        let orphan = Make.observed(Make.desired(.migHook, "old"))
        let result = plan([], [orphan])
        #expect(result.isEmpty)
        #expect(reasons(result, orphan.key) == [.pruneDisabled])
    }

    @Test("nothing is pruned in a pass where a manifest failed to load")
    func pruneSuppressed() {
        let failure = ManifestFailure(
            path: "plans/broken.yaml", line: 7, message: "mapping values are not allowed here")
        let orphans = [Make.observed(Make.plan()), Make.observed(Make.cluster("old"))]
        let result = plan([], orphans, prune: true, failures: [failure])
        #expect(result.isEmpty)
        for orphan in orphans {
            #expect(reasons(result, orphan.key) == [.pruneSuppressed(failures: [failure])])
        }
        #expect(
            result.deferrals.first?.reason.message
                == "removed from Git; not pruned because 1 manifest(s) failed to load: plans/broken.yaml:7: mapping values are not allowed here"
        )
    }

    @Test("objects migsync did not create are never pruned")
    func unmanagedNotPruned() {
        let result = plan([], [Make.observed(Make.cluster("host"), managed: false)], prune: true)
        #expect(result.isEmpty)
        #expect(result.deferrals.isEmpty)
    }

    enum PlanStage: String, CaseIterable, Sendable {
        case open, closeRequested, closed, running
    }

    @Test("a plan is closed and seen Closed before it is deleted", arguments: PlanStage.allCases)
    func prunePlan(stage: PlanStage) throws {
        var gitPlan = Make.plan()
        var conditions: [JSONValue] = [Make.ready]
        var observed: [ObservedObject] = []
        switch stage {
        case .open: break
        case .closeRequested: gitPlan.object.spec?["closed"] = true
        case .closed:
            gitPlan.object.spec?["closed"] = true
            conditions = [Make.condition("Closed", "Advisory", "The migration plan is closed.")]
        case .running:
            observed.append(Make.observedRun(Make.run("shop-stage-1", stage: true), phase: "EnsureStageBackup"))
        }
        let planObject = Make.observed(gitPlan, conditions: conditions)
        observed.append(planObject)
        let result = plan([], observed, prune: true)
        let planActions = result.actions(for: planObject.key)
        switch stage {
        case .open:
            let action = try #require(planActions.first)
            guard case .closePlan(let object) = action.verb else {
                Issue.record("expected close, got \(action.verb)")
                return
            }
            #expect(object.spec?["closed"] == true)
            #expect(object.resourceVersion == planObject.object.resourceVersion)
            #expect(object.status == planObject.object.status)
        case .closeRequested:
            #expect(planActions.isEmpty)
            #expect(reasons(result, planObject.key) == [.waitingForPlanClosed])
        case .closed:
            #expect(planActions.map(\.verb) == [.delete(resourceVersion: "1")])
        case .running:
            #expect(planActions.isEmpty)
            #expect(
                reasons(result, planObject.key) == [
                    .deferredWhileRunning(run: ObjectKey(kind: .migMigration, name: "shop-stage-1"))
                ])
        }
    }

    @Test(
        "a run removed from Git is deleted once it is not running",
        arguments: [("Completed", true), (nil, true), ("EnsureStageBackup", false), ("Canceling", false)]
            as [(String?, Bool)])
    func pruneRun(phase: String?, deleted: Bool) {
        let run = Make.observedRun(Make.run("shop-stage-1", stage: true), phase: phase)
        let result = plan([], [run], prune: true)
        #expect(result.actions(for: run.key).map(\.verb.name) == (deleted ? ["delete"] : []))
        if !deleted { #expect(reasons(result, run.key) == [.runningMigrationNotDeleted]) }
    }

    @Test("a cluster still referenced by a plan is not deleted")
    func pruneReferenced() {
        let orphan = Make.observed(Make.cluster("ocp3"))
        let inGit = [Make.cluster("host"), Make.storage(), Make.plan()]
        let result = plan(
            inGit, readyEstate().filter { $0.key != orphan.key } + [orphan, Make.observed(Make.plan())], prune: true)
        #expect(result.actions(for: orphan.key).isEmpty)
        #expect(reasons(result, orphan.key) == [.stillReferenced(by: [Make.plan().key])])
    }

    @Test("deletions run dependents first, after every create and update")
    func pruneOrder() {
        let closedPlan = Make.observed(
            {
                var plan = Make.plan("old")
                plan.object.spec?["closed"] = true
                plan.object.spec?["srcMigClusterRef"] = Make.ref("legacy")
                plan.object.spec?["destMigClusterRef"] = Make.ref("legacy")
                return plan
            }(), conditions: [Make.condition("Closed", "Advisory")])
        let observed = [
            Make.observed(Make.cluster("legacy")), closedPlan,
            Make.observedRun(Make.run("old-stage", plan: "old", stage: true), phase: "Completed"),
        ]
        let result = plan([Make.desired(.migHook, "new", spec: ["custom": true])], observed, prune: true)
        #expect(
            result.actions.map(\.description) == [
                "create MigHook/new", "delete MigMigration/old-stage", "delete MigPlan/old", "delete MigCluster/legacy",
            ])
    }
}
