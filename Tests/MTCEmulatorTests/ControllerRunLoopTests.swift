import Foundation
import KubeObjects
import Logging
import MTCEmulator
import Testing

@Suite("Emulated mig-controller: run loop and dependencies")
struct ControllerRunLoopTests {
    @Test("the run loop on the real clock drives a stage and a cutover to completion at a high time scale")
    func runLoop() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        var logger = Logger(label: "run-loop-test")
        logger.logLevel = .warning
        let controller = MigController(
            store: harness.store, inventory: .default, timeScale: 1000, clock: SystemControllerClock(),
            settings: MigControllerSettings(), logger: logger)
        let loop = Task { await controller.run() }
        defer { loop.cancel() }

        try harness.create(.stage("stage-1"))
        try await waitUntil(seconds: 60) { try harness.get(.migMigration, "stage-1").phase == "Completed" }
        try harness.create(.cutover("cutover-1"))
        try await waitUntil(seconds: 60) { try harness.get(.migMigration, "cutover-1").phase == "Completed" }
        #expect(try harness.conditions(.migMigration, "cutover-1")["Succeeded"] != nil)
        #expect(try controller.workloads(cluster: "ocp3", namespace: "shop").allSatisfy { $0.replicas == 0 })
    }

    private func waitUntil(seconds: Double, _ done: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try done() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FixtureError("condition not reached within \(seconds) s")
    }

    @Test(
        "creating what an object references later makes it Ready without touching the object",
        arguments: [
            ("secret", "MigCluster"), ("storage", "MigPlan"), ("hook", "MigPlan"),
        ])
    func lateDependencies(missing: String, waiting: String) async throws {
        let full = try ControllerHarness.objects(
            yaml: try ControllerHarness.fixture("clusters-and-storage") + "\n---\n"
                + ControllerHarness.fixture("plan-shop-with-hooks"))
        func isMissing(_ object: KubeObject) -> Bool {
            switch missing {
            case "secret": return object.name == "ocp3-token"
            case "storage": return object.kind == "MigStorage"
            default: return object.kind == "MigHook" && object.name == "warm-cache"
            }
        }
        let harness = try ControllerHarness(fixtures: [])
        for object in full where !isMissing(object) {
            _ = try harness.store.create(
                object, as: try #require(ResourceType.forKind(object.kind, apiVersion: object.apiVersion)))
        }
        try await harness.settle()
        let name = waiting == "MigCluster" ? "ocp3" : "shop"
        let type: ResourceType = waiting == "MigCluster" ? .migCluster : .migPlan
        #expect(try harness.conditions(type, name)["Ready"] == nil)
        #expect(try harness.conditions(.migPlan, "shop")["Ready"] == nil)

        for object in full where isMissing(object) {
            _ = try harness.store.create(
                object, as: try #require(ResourceType.forKind(object.kind, apiVersion: object.apiVersion)))
        }
        try await harness.settle()
        #expect(try harness.conditions(type, name)["Ready"] != nil)
        #expect(try harness.conditions(.migPlan, "shop")["Ready"] != nil)
    }
}
