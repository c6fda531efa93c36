import Foundation
import KubeObjects
import KubernetesClient
import MigsyncCore
import MigsyncReconciler
import MigsyncTesting
import Testing

@Suite("Reconciler prune", .serialized)
struct ReconcilerPruneTests {
    @Test(
        "a malformed file blocks pruning and is reported with its path and line; removing a plan with prune closes then deletes it"
    )
    func malformedBlocksPruneThenPlanIsClosedAndDeleted() async throws {
        try await ReconcilerWorld.with(prune: true, Self.flow)
    }

    static func flow(_ world: ReconcilerWorld) async throws {
        try world.served.commitAndPush(
            files: try DemoFiles.files(["migsync.yaml", "clusters", "storage", "hooks", "plans"]),
            message: "Clusters, storage, hooks and plans")
        try await world.passUntil { $0.report(.migPlan, "blog")?.observed?.isReady ?? false }

        let malformedURL = try #require(
            Bundle.module.url(forResource: "Fixtures/malformed-shop", withExtension: "yaml"))
        let malformed = try String(contentsOf: malformedURL, encoding: .utf8)
        try world.served.commitAndPush(
            files: ["plans/shop.yaml": malformed, "plans/blog.yaml": nil], message: "Break shop, remove blog")
        let blocked = await world.reconciler.pass()
        let failure = try #require(blocked.manifestFailures.first)
        #expect(failure.path == "plans/shop.yaml")
        #expect(failure.line != nil)
        #expect(blocked.summary.isStalled)
        #expect(blocked.text.contains("plans/shop.yaml:"))
        #expect(!blocked.actions.contains { $0.key.name == "blog" })
        #expect(
            blocked.deferrals.contains {
                if case .pruneSuppressed = $0.reason { return $0.key.name == "blog" }
                return false
            })
        _ = try await world.client.get(.migPlan, namespace: "openshift-migration", name: "blog")

        try world.served.commitAndPush(
            files: try DemoFiles.files(["plans/shop.yaml"]), message: "Fix shop")
        let passes = try await world.passUntil { report in
            report.actions.contains { action in
                if case .delete = action.verb { return action.key.name == "blog" }
                return false
            }
        }
        let verbs = passes.flatMap(\.actions).filter { $0.key.name == "blog" }.map(\.verb.name)
        #expect(verbs.first == "close")
        #expect(verbs.last == "delete")
        await #expect(throws: KubeError.self) {
            _ = try await world.client.get(.migPlan, namespace: "openshift-migration", name: "blog")
        }
    }
}
