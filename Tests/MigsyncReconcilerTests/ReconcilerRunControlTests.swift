import Foundation
import KubeObjects
import KubernetesClient
import MigsyncCore
import MigsyncReconciler
import MigsyncTesting
import Testing

/// What Git may and may not do to a plan while one of its migrations runs.
@Suite("Reconciler run control", .serialized)
struct ReconcilerRunControlTests {
    /// A stage run the emulator copies slowly, so the test can act while it is running.
    static let slowStage = """
        apiVersion: migration.openshift.io/v1alpha1
        kind: MigMigration
        metadata:
          name: shop-stage-slow
          namespace: openshift-migration
          annotations:
            migsync.io/emulator-slow-copy: "100000"
        spec:
          migPlanRef: {name: shop, namespace: openshift-migration}
          stage: true
        """

    @Test(
        "editing a plan during a run is deferred, canceled: true cancels the running run, and the edit is applied after it ends"
    )
    func deferralAndCancel() async throws {
        try await ReconcilerWorld.with(Self.deferralAndCancel)
    }

    static func deferralAndCancel(_ world: ReconcilerWorld) async throws {
        let planFiles = try DemoFiles.files(["migsync.yaml", "clusters", "storage", "hooks", "plans"])
        _ = try world.served.commitAndPush(files: planFiles, message: "Clusters, storage, hooks and plans")
        try await world.passUntil { $0.report(.migPlan, "shop")?.observed?.isReady ?? false }

        _ = try world.served.commitAndPush(
            files: ["migrations/shop-stage-slow.yaml": slowStage], message: "Stage shop, slowly")
        try await world.passUntil { report in
            report.report(.migMigration, "shop-stage-slow")?.runState.map { $0.isInFlight && $0.hasStarted } ?? false
        }

        // The plan gains a label while the run copies: the change waits.
        let original = try #require(planFiles["plans/shop.yaml"] ?? nil)
        let edited = original.replacingOccurrences(
            of: "  name: shop\n", with: "  name: shop\n  labels:\n    team: storefront\n")
        #expect(edited != original)
        _ = try world.served.commitAndPush(files: ["plans/shop.yaml": edited], message: "Label the shop plan")
        let deferredPass = await world.reconciler.pass()
        let deferral = try #require(deferredPass.deferrals.first { $0.key == ObjectKey(kind: .migPlan, name: "shop") })
        #expect(deferral.reason == .deferredWhileRunning(run: ObjectKey(kind: .migMigration, name: "shop-stage-slow")))
        #expect(!deferredPass.actions.contains { $0.key == ObjectKey(kind: .migPlan, name: "shop") })
        let whileRunning = try await world.client.get(.migPlan, namespace: "openshift-migration", name: "shop")
        #expect(whileRunning.labels["team"] == nil)

        // Cancel it from Git: the one edit of a created run that is applied.
        let canceled = slowStage.replacingOccurrences(of: "  stage: true", with: "  stage: true\n  canceled: true")
        _ = try world.served.commitAndPush(
            files: ["migrations/shop-stage-slow.yaml": canceled], message: "Cancel the slow stage")
        let passes = try await world.passUntil { report in
            guard let state = report.report(.migMigration, "shop-stage-slow")?.runState else { return false }
            return state.isCompleted && report.deferrals.isEmpty
        }
        // A cancel that lost a write race is retried by the next pass; only one may succeed.
        let cancels = passes.flatMap { pass in
            pass.actions.filter { action in
                guard case .cancelRun = action.verb else { return false }
                return action.key.name == "shop-stage-slow" && pass.failures[action.key] == nil
            }
        }
        #expect(cancels.count == 1, "\(passes.map(\.text).joined(separator: "\n"))")
        let run = RunState(observed: try await world.run("shop-stage-slow"))
        #expect(run.result == .canceled)

        // The run ended: the deferred label is applied, by a pass without a new commit.
        let after = try await world.client.get(.migPlan, namespace: "openshift-migration", name: "shop")
        #expect(after.labels["team"] == "storefront")
    }
}
