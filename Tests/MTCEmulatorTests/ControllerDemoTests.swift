import Foundation
import KubeObjects
import MTCEmulator
import MigsyncTesting
import Testing

@Suite("Emulated mig-controller: the demo repository")
struct ControllerDemoTests {
    /// The demo's MTC manifests by folder (migsync.yaml and policies are not MTC objects).
    static func manifests(_ folder: String) throws -> [KubeObject] {
        let directory = RepositoryRoot.file("examples/demo/\(folder)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
            .sorted()
        return try files.flatMap {
            try ControllerHarness.objects(yaml: String(contentsOfFile: "\(directory)/\($0)", encoding: .utf8))
        }
    }

    @Test("the demo's clusters, storage, hook and plans become Ready on the default inventory, and its runs complete")
    func demo() async throws {
        let harness = try ControllerHarness(fixtures: [])
        // The secrets the demo says are created by hand, never committed.
        try harness.apply(
            yaml: """
                apiVersion: v1
                kind: Secret
                metadata: {name: ocp3-sa-token, namespace: openshift-config}
                stringData: {saToken: demo-token}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: minio-creds, namespace: openshift-config}
                stringData: {aws-access-key-id: minio, aws-secret-access-key: minio123}
                """)
        for folder in ["clusters", "storage", "hooks", "plans"] {
            for object in try Self.manifests(folder) {
                _ = try harness.store.create(
                    object, as: try #require(ResourceType.forKind(object.kind, apiVersion: object.apiVersion)))
            }
        }
        try await harness.settle()
        for (type, names) in [
            (ResourceType.migCluster, ["host", "ocp3"]), (.migStorage, ["minio"]), (.migHook, ["report-plan"]),
            (.migPlan, ["blog", "shop"]),
        ] {
            for name in names {
                let conditions = try harness.conditions(type, name)
                #expect(conditions["Ready"] != nil, "\(type.kind) \(name): \(conditions.values.map(\.message))")
            }
        }

        for run in try Self.manifests("migrations").sorted(by: { $0.specFlag("stage") && !$1.specFlag("stage") }) {
            _ = try harness.store.create(run, as: .migMigration)
            let phases = try await harness.run(migration: run.name)
            #expect(phases.last == "Completed")
            #expect(try harness.conditions(.migMigration, run.name)["Succeeded"] != nil, "\(run.name)")
        }
        #expect(try harness.replicas("shop-db") == ["postgres": 0])
    }
}

extension KubeObject {
    func specFlag(_ key: String) -> Bool { spec?[key]?.boolValue ?? false }
}
