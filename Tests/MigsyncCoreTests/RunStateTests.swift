import KubeObjects
import Testing

@testable import MigsyncCore

@Suite("run state")
struct RunStateTests {
    @Test(
        "results are classified in MTC's order",
        arguments: [
            ("migmigration-pending", RunState.Result.pending),
            ("migmigration-running", .running),
            ("migmigration-succeeded", .succeeded),
            ("migmigration-warnings", .succeededWithWarnings),
            ("migmigration-failed", .failed(message: "Backup openshift-migration/shop-cutover-abc: partially failed")),
            // A canceled run also carries Succeeded; Canceled must win.
            ("migmigration-canceled", .canceled),
            (
                "migmigration-blocked",
                .blocked(
                    condition: "HasFinalMigration",
                    message: "The associated migration plan already has a final migration.")
            ),
        ])
    func classification(fixture: String, expected: RunState.Result) throws {
        #expect(try Fixture.runState(fixture).result == expected)
    }

    @Test(
        "in flight means started and not completed",
        arguments: [
            ("migmigration-pending", false, false), ("migmigration-running", true, false),
            ("migmigration-succeeded", false, true), ("migmigration-blocked", false, false),
        ])
    func inFlight(fixture: String, inFlight: Bool, completed: Bool) throws {
        let state = try Fixture.runState(fixture)
        #expect(state.isInFlight == inFlight)
        #expect(state.isCompleted == completed)
    }

    @Test("a running run reports itinerary, phase, steps and progress lines")
    func running() throws {
        let state = try Fixture.runState("migmigration-running")
        #expect(state.kind == .stage)
        #expect(state.itinerary == "Stage")
        #expect(state.phase == "EnsureStageBackup")
        #expect(state.started == "2026-11-20T10:00:00Z")
        #expect(state.ended == nil)
        #expect(state.pipeline.map(\.state) == [.completed, .running, .pending, .pending])
        #expect(state.stepProgress.done == 1 && state.stepProgress.total == 4)
        #expect(state.currentStep?.name == "StageBackup")
        #expect(
            state.currentStep?.progress.first?.hasPrefix("Backup openshift-migration/shop-stage-1-x: 12 out of") == true
        )
    }

    @Test(
        "the end time is the last step's completion, else the terminal condition's time",
        arguments: [
            ("migmigration-succeeded", "2026-11-20T10:09:00Z"), ("migmigration-failed", "2026-11-20T10:03:30Z"),
            ("migmigration-canceled", "2026-11-20T10:01:00Z"),
        ])
    func endTime(fixture: String, ended: String) throws {
        #expect(try Fixture.runState(fixture).ended == ended)
    }

    @Test("a completed run without pipeline ends when its terminal condition was set")
    func endFromCondition() throws {
        var object = try Fixture.object("migmigration-succeeded")
        object.status?["pipeline"] = nil
        #expect(RunState(observed: object).ended == "2026-11-20T10:09:00Z")
    }

    @Test("failed and skipped steps are told apart")
    func stepStates() throws {
        #expect(try Fixture.runState("migmigration-failed").pipeline.map(\.state) == [.completed, .failed])
        #expect(try Fixture.runState("migmigration-canceled").pipeline.map(\.state) == [.completed, .skipped])
    }

    @Test(
        "the run kind follows the spec, rollback first",
        arguments: [
            (["stage": true] as JSONValue, RunKind.stage), (["stage": false] as JSONValue, .final),
            (["migrateState": true] as JSONValue, .stage),
            (["stage": false, "rollback": true] as JSONValue, .rollback),
            ([:] as JSONValue, .final),
        ] as [(JSONValue, RunKind)])
    func kind(spec: JSONValue, expected: RunKind) {
        #expect(RunKind(spec: spec) == expected)
    }

    @Test("a failed run without errors falls back to the Failed condition's message")
    func failedMessage() throws {
        var object = try Fixture.object("migmigration-failed")
        object.status?["errors"] = []
        #expect(RunState(observed: object).result == .failed(message: "The migration has failed.  See: Errors."))
    }

    @Test("a cancel requested on the cluster is visible")
    func cancelRequested() throws {
        #expect(try Fixture.runState("migmigration-canceled").cancelRequested)
        #expect(try !Fixture.runState("migmigration-running").cancelRequested)
    }
}
