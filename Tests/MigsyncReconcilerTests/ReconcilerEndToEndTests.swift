import Foundation
import KubeObjects
import KubernetesClient
import MigsyncCore
import MigsyncReconciler
import MigsyncTesting
import Testing

@Suite("Reconciler end to end", .serialized)
struct ReconcilerEndToEndTests {
    @Test(
        "a committed plan is created, becomes Ready and gets a note; a stage run is created once and completes; the cutover completes after it; a second pass writes nothing",
        arguments: [false, true])
    func demoFlow(watchCluster: Bool) async throws {
        try await ReconcilerWorld.with(watchCluster: watchCluster, Self.demoFlow)
    }

    @Test("with a watched cluster, a pass sees what another client changed and puts Git's fields back")
    func watchedClusterSeesOtherWriters() async throws {
        try await ReconcilerWorld.with(watchCluster: true, Self.watchedClusterSeesOtherWriters)
    }

    static func watchedClusterSeesOtherWriters(_ world: ReconcilerWorld) async throws {
        do {
            _ = try world.served.commitAndPush(
                files: try DemoFiles.files(["migsync.yaml", "clusters", "storage", "hooks", "plans"]),
                message: "Clusters, storage, hooks and plans")
            try await world.passUntil { $0.report(.migPlan, "shop")?.observed?.isReady ?? false }
            try await world.passUntil { !$0.needsFollowUp }

            // Someone edits a field Git owns, behind migsync's back.
            var shop = try await world.client.get(.migPlan, namespace: "openshift-migration", name: "shop")
            let declared = shop.spec?["namespaces"]
            shop.spec?["namespaces"] = ["somewhere-else"]
            _ = try await world.client.update(shop)

            // The watch brings the change in; a pass (forced: the branch did not move) reverts it.
            var reverted = false
            let deadline = ContinuousClock.now + .seconds(30)
            while !reverted, ContinuousClock.now < deadline {
                let report = await world.reconciler.pass(force: true)
                #expect(report.succeeded)
                reverted = report.actions.contains { $0.key == ObjectKey(kind: .migPlan, name: "shop") }
                if !reverted { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(reverted)
            let after = try await world.client.get(.migPlan, namespace: "openshift-migration", name: "shop")
            #expect(after.spec?["namespaces"] == declared)

            // Once the watch has delivered migsync's own write, a pass finds nothing to do.
            let quiet = try await world.passUntil { report in
                report.actions.isEmpty && report.apiWrites == 0 && !report.needsFollowUp
            }
            #expect(quiet.last?.apiRequests == 0)
        }
    }

    static func demoFlow(_ world: ReconcilerWorld) async throws {

        let planCommit = try world.served.commitAndPush(
            files: try DemoFiles.files(["migsync.yaml", "clusters", "storage", "hooks", "plans"]),
            message: "Clusters, storage, hooks and plans")
        try await world.passUntil { $0.report(.migPlan, "shop")?.observed?.isReady ?? false }
        let shop = try await world.client.get(.migPlan, namespace: "openshift-migration", name: "shop")
        #expect(shop.labels[MigsyncMetadata.managedByLabel] == "migsync")
        #expect(shop.annotations[MigsyncMetadata.revisionAnnotation] == "main@sha1:\(planCommit)")
        #expect(shop.annotations[MigsyncMetadata.sourceAnnotation] == "plans/shop.yaml")
        let planNote = try #require(try world.servedNotes()[planCommit])
        #expect(planNote.contains("name: shop"))
        #expect(planNote.contains("Ready"))

        let stageCommit = try world.served.commitAndPush(
            files: try DemoFiles.files(["migrations/shop-stage-1.yaml"]), message: "Stage shop")
        let stagePasses = try await world.passUntil {
            $0.report(.migMigration, "shop-stage-1")?.runState?.isCompleted ?? false
        }
        let creates = stagePasses.flatMap(\.actions).filter {
            if case .create = $0.verb { return $0.key.name == "shop-stage-1" }
            return false
        }
        #expect(creates.count == 1)
        let stageNote = try #require(try world.servedNotes()[stageCommit])
        #expect(stageNote.contains("shop-stage-1"))
        #expect(stageNote.contains("Completed"))
        #expect(stageNote.contains("pipeline"))

        _ = try world.served.commitAndPush(
            files: try DemoFiles.files(["migrations/shop-cutover.yaml"]), message: "Cut over shop")
        try await world.passUntil { $0.report(.migMigration, "shop-cutover")?.runState?.isCompleted ?? false }
        let stage = RunState(observed: try await world.run("shop-stage-1"))
        let cutover = RunState(observed: try await world.run("shop-cutover"))
        #expect(stage.result.isSuccess)
        #expect(cutover.result.isSuccess)
        #expect((stage.ended ?? "") <= (cutover.started ?? ""))

        // Settle, then a pass that finds nothing to change writes nothing.
        try await world.passUntil { !$0.needsFollowUp }
        let tip = try world.servedNotesTip()
        let quiet = await world.reconciler.pass(force: true)
        #expect(quiet.succeeded)
        #expect(quiet.apiWrites == 0)
        #expect(quiet.gitWrites == 0)
        #expect(try world.servedNotesTip() == tip)
    }
}
