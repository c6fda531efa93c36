import Foundation
import KubeObjects
import Testing

@testable import MigsyncCore

@Suite("condition summary")
struct ConditionSummaryTests {
    static let estate = [Make.cluster("host"), Make.cluster("ocp3"), Make.storage()]
    static let readyEstate = estate.map { Make.observed($0, conditions: [Make.ready]) }
    static let readyPlan = Make.observed(
        Make.plan(), conditions: [Make.condition("Ready", "Required", "The migration plan is ready.")])

    /// One scenario: what Git and the cluster hold, the object to look at, and the expected
    /// conditions as the formatter prints them.
    struct Scenario: Sendable, CustomStringConvertible {
        var description: String
        var desired: [DesiredObject]
        var observed: [ObservedObject]
        var key: ObjectKey
        var prune = false
        var failures: [ManifestFailure] = []
        var writeFailures: [ObjectKey: String] = [:]
        var expected: String
        var sync: SyncState
    }

    static func runObserved(_ fixture: String) -> ObservedObject {
        // Fixtures are part of the bundle; a missing one fails the scenario's expectation.
        (try? Fixture.observed(fixture)) ?? Make.observedRun(Make.run("missing-fixture", stage: true), phase: nil)
    }

    static let stage = Make.run("shop-stage-1", stage: true)
    static let planKey = Make.plan().key

    static let scenarios: [Scenario] = [
        Scenario(
            description: "in sync and Ready",
            desired: estate + [Make.plan()], observed: readyEstate + [readyPlan], key: planKey,
            expected: "Ready=True ReconciliationSucceeded: The migration plan is ready.", sync: .synced),
        Scenario(
            description: "created in this pass",
            desired: estate + [Make.plan()], observed: readyEstate, key: planKey,
            expected: "Ready=False Progressing: created; Reconciling=True Progressing: created", sync: .synced),
        Scenario(
            description: "applied, MTC has not validated yet",
            desired: estate + [Make.plan()], observed: readyEstate + [Make.observed(Make.plan())], key: planKey,
            expected:
                "Ready=False Progressing: waiting for MTC to report Ready; Reconciling=True Progressing: waiting for MTC to report Ready",
            sync: .synced),
        Scenario(
            description: "held by an MTC condition",
            desired: estate + [Make.plan()],
            observed: readyEstate + [
                Make.observed(
                    Make.plan(),
                    conditions: [
                        Make.condition("NamespaceNotFoundOnSourceCluster", "Critical", "Namespaces [shop] not found.")
                    ])
            ],
            key: planKey,
            expected:
                "Ready=False BlockedByCondition: NamespaceNotFoundOnSourceCluster: Namespaces [shop] not found.; Stalled=True BlockedByCondition: NamespaceNotFoundOnSourceCluster: Namespaces [shop] not found.",
            sync: .synced),
        Scenario(
            description: "a fix written over a blocking condition",
            desired: estate + [Make.plan(namespaces: ["shop-fixed"])],
            observed: readyEstate + [
                Make.observed(
                    Make.plan(),
                    conditions: [
                        Make.condition("NamespaceNotFoundOnSourceCluster", "Critical", "Namespaces [shop] not found.")
                    ])
            ],
            key: planKey,
            expected:
                "Ready=False Progressing: updated spec.namespaces; Reconciling=True Progressing: updated spec.namespaces",
            sync: .synced),
        Scenario(
            description: "deferred while a migration runs",
            desired: estate + [Make.plan(namespaces: ["shop", "cart"]), stage],
            observed: readyEstate + [readyPlan, Make.observedRun(stage, phase: "EnsureStageBackup")], key: planKey,
            expected:
                "Ready=False DeferredWhileRunning: change deferred while migration MigMigration/shop-stage-1 is running; Reconciling=True DeferredWhileRunning: change deferred while migration MigMigration/shop-stage-1 is running",
            sync: .deferred),
        Scenario(
            description: "a run in progress",
            desired: estate + [Make.plan(), stage],
            observed: readyEstate + [readyPlan, runObserved("migmigration-running")],
            key: stage.key,
            expected:
                "Ready=False RunInProgress: Stage itinerary, phase EnsureStageBackup, step 2/4 (StageBackup: Backup openshift-migration/shop-stage-1-x: 12 out of estimated total of 40 objects backed up (5s)); Reconciling=True RunInProgress: Stage itinerary, phase EnsureStageBackup, step 2/4 (StageBackup: Backup openshift-migration/shop-stage-1-x: 12 out of estimated total of 40 objects backed up (5s))",
            sync: .synced),
        Scenario(
            description: "a run waiting for MTC to start it",
            desired: estate + [Make.plan(), stage],
            observed: readyEstate + [readyPlan, runObserved("migmigration-pending")],
            key: stage.key,
            expected:
                "Ready=False RunInProgress: waiting for MTC to start the run; Reconciling=True RunInProgress: waiting for MTC to start the run",
            sync: .synced),
        Scenario(
            description: "a succeeded run",
            desired: estate + [Make.plan(), stage],
            observed: readyEstate + [readyPlan, runObserved("migmigration-succeeded")],
            key: stage.key, expected: "Ready=True RunSucceeded: run Succeeded", sync: .synced),
        Scenario(
            description: "a run with warnings",
            desired: estate + [Make.plan(), stage],
            observed: readyEstate + [readyPlan, runObserved("migmigration-warnings")],
            key: stage.key, expected: "Ready=True RunSucceededWithWarnings: run SucceededWithWarnings", sync: .synced),
        Scenario(
            description: "a canceled run",
            desired: estate + [Make.plan(), Make.run("shop-cutover", stage: false, extra: ["canceled": true])],
            observed: readyEstate + [readyPlan, runObserved("migmigration-canceled")],
            key: ObjectKey(kind: .migMigration, name: "shop-cutover"), expected: "Ready=True RunCanceled: run Canceled",
            sync: .synced),
        Scenario(
            description: "a failed run",
            desired: estate + [Make.plan(), Make.run("shop-cutover", stage: false, extra: ["quiescePods": true])],
            observed: readyEstate + [readyPlan, runObserved("migmigration-failed")],
            key: ObjectKey(kind: .migMigration, name: "shop-cutover"),
            expected:
                "Ready=False RunFailed: the run failed: Backup openshift-migration/shop-cutover-abc: partially failed; Stalled=True RunFailed: the run failed: Backup openshift-migration/shop-cutover-abc: partially failed",
            sync: .synced),
        Scenario(
            description: "a run blocked by a Critical condition",
            desired: estate + [Make.plan(), Make.run("shop-stage-2", stage: true)],
            observed: readyEstate + [readyPlan, runObserved("migmigration-blocked")],
            key: ObjectKey(kind: .migMigration, name: "shop-stage-2"),
            expected:
                "Ready=False BlockedByCondition: blocked by HasFinalMigration: The associated migration plan already has a final migration.; Stalled=True BlockedByCondition: blocked by HasFinalMigration: The associated migration plan already has a final migration.",
            sync: .synced),
        Scenario(
            description: "a run waiting for its plan",
            desired: estate + [Make.plan(), stage], observed: readyEstate + [Make.observed(Make.plan())],
            key: stage.key,
            expected:
                "Ready=False WaitingForDependency: waiting for MigPlan/shop to be Ready: MTC has not validated it yet; Reconciling=True WaitingForDependency: waiting for MigPlan/shop to be Ready: MTC has not validated it yet",
            sync: .deferred),
        Scenario(
            description: "a failed write",
            desired: estate + [Make.plan()], observed: readyEstate, key: planKey,
            writeFailures: [planKey: "409 Conflict after 5 attempts"],
            expected:
                "Ready=False ReconciliationFailed: 409 Conflict after 5 attempts",
            sync: .failed),
        Scenario(
            description: "pruning suppressed by a broken manifest",
            desired: [], observed: [readyPlan], key: planKey, prune: true,
            failures: [ManifestFailure(path: "plans/cart.yaml", line: 4, message: "bad indentation")],
            expected:
                "Ready=False ManifestInvalid: removed from Git; not pruned because 1 manifest(s) failed to load: plans/cart.yaml:4: bad indentation; Stalled=True ManifestInvalid: removed from Git; not pruned because 1 manifest(s) failed to load: plans/cart.yaml:4: bad indentation",
            sync: .orphaned),
        Scenario(
            description: "kept because pruning is off",
            desired: [], observed: [readyPlan], key: planKey,
            expected: "Ready=False NotInGit: removed from Git; pruning is not enabled", sync: .orphaned),
        Scenario(
            description: "being closed for pruning",
            desired: [], observed: [readyPlan], key: planKey, prune: true,
            expected: "Ready=False Pruning: closing before deletion; Reconciling=True Pruning: closing before deletion",
            sync: .pruning),
        Scenario(
            description: "an edited run",
            desired: estate + [Make.plan(), Make.run("shop-stage-1", stage: true, extra: ["quiescePods": true])],
            observed: readyEstate + [readyPlan, runObserved("migmigration-succeeded")], key: stage.key,
            expected:
                "Ready=False ImmutableRunEdited: immutable run edited, not applied: +spec.quiescePods: true; Stalled=True ImmutableRunEdited: immutable run edited, not applied: +spec.quiescePods: true",
            sync: .outOfSync),
    ]

    @Test("each object's conditions read as expected", arguments: scenarios)
    func objectConditions(scenario: Scenario) throws {
        let pass = Pass(
            desired: scenario.desired, observed: scenario.observed, prune: scenario.prune, failures: scenario.failures,
            writeFailures: scenario.writeFailures)
        let report = try #require(pass.report(scenario.key))
        #expect(report.summary.description == scenario.expected)
        #expect(report.syncState == scenario.sync)
    }

    @Test("a policy hold is reported as reconciling with the policy and its next opening")
    func policyHold() throws {
        let block = RunBlock(
            policy: "policies/cutover.yaml", requirement: "approvals", message: "needs 2 approvals, has 1")
        let cutover = Make.run("shop-cutover", stage: false)
        let pass = Pass(
            desired: Self.estate + [Make.plan(), cutover], observed: Self.readyEstate + [Self.readyPlan],
            gate: RecordingGate(blocked: [cutover.key: block]))
        let summary = try #require(pass.report(cutover.key)).summary
        #expect(summary.condition(.reconciling)?.reason == .policyBlocked)
        #expect(
            summary.condition(.reconciling)?.message
                == "held by policy policies/cutover.yaml (approvals): needs 2 approvals, has 1")
        #expect(!summary.isStalled)
        #expect(!summary.isReady)
    }

    // MARK: - Pass

    @Test("a converged pass is Ready and names the revision")
    func passReady() {
        let pass = Pass(desired: Self.estate + [Make.plan()], observed: Self.readyEstate + [Self.readyPlan])
        let summary = ConditionSummary(
            pass: pass.summaries, manifestFailures: [], revision: Revision(branch: "main", commit: "abc123"))
        #expect(summary.description == "Ready=True ReconciliationSucceeded: 4 object(s) in sync at main@sha1:abc123")
    }

    @Test("the pass summary from the notes equals the one from the reports")
    func passFromNotes() throws {
        let pass = Pass(
            desired: Self.estate + [Make.plan(), Self.stage],
            observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-running")])
        let batch = StatusBatch(reports: pass.reports, branch: Make.branch)
        let revision = Revision(branch: "main", commit: Make.commit1)
        #expect(
            ConditionSummary(pass: batch, manifestFailures: [], revision: revision)
                == ConditionSummary(pass: pass.summaries, manifestFailures: [], revision: revision))
    }

    @Test("a pass with a broken manifest is stalled on it")
    func passManifestInvalid() {
        let pass = Pass(desired: Self.estate, observed: Self.readyEstate)
        let failures = [
            ManifestFailure(path: "plans/a.yaml", line: 3, message: "bad"),
            ManifestFailure(path: "plans/b.yaml", message: "worse"),
        ]
        let summary = ConditionSummary(pass: pass.summaries, manifestFailures: failures, revision: nil)
        #expect(summary.isStalled)
        #expect(summary.condition(.stalled)?.reason == .manifestInvalid)
        #expect(summary.condition(.stalled)?.message == "plans/a.yaml:3: bad (and 1 more)")
        #expect(summary.ready?.reason == .manifestInvalid)
    }

    @Test("a pass with a running migration says so first")
    func passRunInProgress() throws {
        let pass = Pass(
            desired: Self.estate + [Make.plan(), Self.stage, Make.desired(.migHook, "new", spec: ["custom": true])],
            observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-running")])
        let summary = ConditionSummary(pass: pass.summaries, manifestFailures: [], revision: nil)
        #expect(summary.condition(.reconciling)?.reason == .runInProgress)
        #expect(
            summary.condition(.reconciling)?.message.hasPrefix(
                "2 object(s) reconciling; MigMigration/shop-stage-1: Stage itinerary") == true)
        #expect(summary.ready?.status == false)
        #expect(!summary.isStalled)
    }

    @Test("a stalled object makes the pass stalled with its reason")
    func passStalled() throws {
        let pass = Pass(
            desired: Self.estate + [Make.plan(), Make.run("shop-stage-2", stage: true)],
            observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-blocked")])
        let summary = ConditionSummary(pass: pass.summaries, manifestFailures: [], revision: nil)
        #expect(summary.condition(.stalled)?.reason == .blockedByCondition)
        #expect(
            summary.condition(.stalled)?.message.hasPrefix(
                "1 object(s) stalled; MigMigration/shop-stage-2: blocked by HasFinalMigration") == true)
    }

    @Test(
        "a pass names the first object in key order and counts the rest, whatever order the objects come in",
        arguments: [["c", "a", "b"], ["a", "b", "c"], ["b", "c", "a"]])
    func passNamesFirstInKeyOrder(order: [String]) {
        func summary(_ name: String) -> (ObjectKey, ConditionSummary) {
            let reason: ConditionReason = name == "a" ? .progressing : .deferredWhileRunning
            return (
                ObjectKey(kind: .migPlan, name: name),
                ConditionSummary(conditions: [
                    SyncCondition(type: .ready, status: false, reason: reason, message: "\(name) waits"),
                    SyncCondition(type: .reconciling, status: true, reason: reason, message: "\(name) waits"),
                    SyncCondition(type: .stalled, status: true, reason: .blockedByCondition, message: "\(name) stuck"),
                ])
            )
        }
        let pass = ConditionSummary(pass: order.map(summary), manifestFailures: [], revision: nil)
        #expect(pass.condition(.stalled)?.message == "3 object(s) stalled; MigPlan/a: a stuck (and 2 more)")
        // Deferred edits lead the reconciling message over other reasons: b is the first of them.
        #expect(pass.condition(.reconciling)?.reason == .deferredWhileRunning)
        #expect(pass.condition(.reconciling)?.message == "3 object(s) reconciling; MigPlan/b: b waits (and 2 more)")
    }
}
