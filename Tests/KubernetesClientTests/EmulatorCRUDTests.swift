import Foundation
import KubeObjects
import MigsyncTesting
import Testing

@testable import KubernetesClient

/// CRUD, paging, conflicts and dry-run against the in-process emulator over loopback HTTP.
@Suite("client against the emulator")
struct EmulatorCRUDTests {
    static let namespace = "openshift-migration"

    static func plan(_ name: String, labels: [String: String] = [:]) -> KubeObject {
        var object = KubeObject(
            apiVersion: "migration.openshift.io/v1alpha1", kind: "MigPlan", namespace: namespace, name: name,
            spec: [
                "srcMigClusterRef": ["name": "source", "namespace": .string(namespace)],
                "destMigClusterRef": ["name": "host", "namespace": .string(namespace)],
                "migStorageRef": ["name": "storage", "namespace": .string(namespace)],
                "namespaces": ["shop"],
            ])
        object.labels = labels
        return object
    }

    static func connect(_ emulator: EmulatorFixture) throws -> KubernetesClient {
        KubernetesClient(config: try KubeConfig.load(path: emulator.kubeconfigPath))
    }

    @Test("create, get, update, merge patch and delete a MigPlan")
    func crud() async throws {
        let emulator = try await EmulatorFixture.start()
        let client = try Self.connect(emulator)

        let created = try await client.create(Self.plan("shop"))
        #expect(created.uid?.isEmpty == false)
        #expect(created.resourceVersion?.isEmpty == false)
        #expect(created.generation == 1)

        var fetched = try await client.get(.migPlan, namespace: Self.namespace, name: "shop")
        #expect(fetched.uid == created.uid)
        #expect(fetched.spec?["namespaces"] == ["shop"])

        fetched.spec?["namespaces"] = ["shop", "shop-db"]
        let updated = try await client.update(fetched)
        #expect(updated.generation == 2)
        #expect(updated.resourceVersion != created.resourceVersion)

        let patched = try await client.patch(
            .migPlan, namespace: Self.namespace, name: "shop",
            mergePatch: ["metadata": ["labels": ["team": "web"]], "spec": ["namespaces": ["shop"]]])
        #expect(patched.labels == ["team": "web"])
        #expect(patched.spec?["namespaces"] == ["shop"])
        #expect(patched.spec?["migStorageRef"] == created.spec?["migStorageRef"])

        try await client.delete(.migPlan, namespace: Self.namespace, name: "shop")
        await #expect(throws: KubeError.self) {
            try await client.get(.migPlan, namespace: Self.namespace, name: "shop")
        }
        do {
            _ = try await client.get(.migPlan, namespace: Self.namespace, name: "shop")
        } catch KubeError.notFound(let message) {
            #expect(message.contains("shop"))
        }
    }

    @Test("generateName gives each create its own name")
    func generateName() async throws {
        let emulator = try await EmulatorFixture.start()
        let client = try Self.connect(emulator)
        var template = Self.plan("")
        template.metadata["name"] = nil
        template.metadata["generateName"] = "stage-"
        let first = try await client.create(template)
        let second = try await client.create(template)
        #expect(first.name.hasPrefix("stage-") && first.name.count > "stage-".count)
        #expect(second.name.hasPrefix("stage-") && first.name != second.name)
    }

    @Test("a second create is alreadyExists; a stale update is conflict")
    func alreadyExistsAndConflict() async throws {
        let emulator = try await EmulatorFixture.start()
        let client = try Self.connect(emulator)
        let created = try await client.create(Self.plan("shop"))
        await #expect(throws: KubeError.self) { try await client.create(Self.plan("shop")) }
        do {
            _ = try await client.create(Self.plan("shop"))
            Issue.record("second create succeeded")
        } catch KubeError.alreadyExists {
        }

        var first = created
        first.labels = ["writer": "one"]
        _ = try await client.update(first)
        var stale = created
        stale.labels = ["writer": "two"]
        do {
            _ = try await client.update(stale)
            Issue.record("stale update succeeded")
        } catch KubeError.conflict {
        }
        let current = try await client.get(.migPlan, namespace: Self.namespace, name: "shop")
        #expect(current.labels == ["writer": "one"])
    }

    @Test("a schema violation is invalid with the field named")
    func invalid() async throws {
        let emulator = try await EmulatorFixture.start()
        let client = try Self.connect(emulator)
        var broken = Self.plan("broken")
        broken.spec?["namespaces"] = "not-a-list"
        do {
            _ = try await client.create(broken)
            Issue.record("invalid create succeeded")
        } catch KubeError.invalid(_, let causes) {
            #expect(causes.contains { $0.field.contains("spec.namespaces") }, "\(causes)")
        }
    }

    @Test("dry-run writes answer as if done and change nothing")
    func dryRun() async throws {
        let emulator = try await EmulatorFixture.start()
        let client = try Self.connect(emulator)
        let answered = try await client.create(Self.plan("dry"), dryRun: true)
        #expect(answered.name == "dry")
        await #expect(throws: KubeError.self) { try await client.get(.migPlan, namespace: Self.namespace, name: "dry") }

        let stored = try await client.create(Self.plan("kept"))
        var changed = stored
        changed.labels = ["dry": "run"]
        let dryUpdated = try await client.update(changed, dryRun: true)
        #expect(dryUpdated.labels == ["dry": "run"])
        try await client.delete(.migPlan, namespace: Self.namespace, name: "kept", dryRun: true)
        let after = try await client.get(.migPlan, namespace: Self.namespace, name: "kept")
        #expect(after.labels.isEmpty)
        #expect(after.resourceVersion == stored.resourceVersion)
    }

    @Test("lists page with limit and continue; listAll follows every page; selectors filter")
    func paging() async throws {
        let emulator = try await EmulatorFixture.start()
        let client = try Self.connect(emulator)
        for index in 0..<25 {
            _ = try await client.create(
                Self.plan(String(format: "plan-%02d", index), labels: ["parity": index % 2 == 0 ? "even" : "odd"]))
        }
        var names: [String] = []
        var options = ListOptions(limit: 10)
        var pages = 0
        repeat {
            let page = try await client.list(.migPlan, namespace: Self.namespace, options: options)
            #expect(page.items.count <= 10)
            names += page.items.map(\.name)
            options.continueToken = page.continueToken
            pages += 1
        } while options.continueToken != nil
        #expect(pages == 3)
        #expect(names == (0..<25).map { String(format: "plan-%02d", $0) })

        let all = try await client.listAll(.migPlan, namespace: Self.namespace, chunkSize: 7)
        #expect(all.items.map(\.name) == names)
        #expect(all.items.allSatisfy { $0.kind == "MigPlan" && $0.apiVersion == "migration.openshift.io/v1alpha1" })
        #expect(!all.resourceVersion.isEmpty)

        let even = try await client.listAll(
            .migPlan, namespace: Self.namespace, labelSelector: try LabelSelector(parsing: "parity=even"))
        #expect(even.items.count == 13)
        let everywhere = try await client.list(.migPlan)
        #expect(everywhere.items.count == 25)
    }

    @Test("cluster-scoped namespaces and core secrets work the same way")
    func coreTypes() async throws {
        let emulator = try await EmulatorFixture.start()
        let client = try Self.connect(emulator)
        _ = try await client.create(KubeObject(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "team-a"))
        let namespace = try await client.get(.namespace, name: "team-a")
        #expect(namespace.namespace == nil)
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", namespace: "team-a", name: "creds")
        secret.json["stringData"] = ["user": "x"]
        _ = try await client.create(secret)
        let secrets = try await client.list(.secret, namespace: "team-a")
        #expect(secrets.items.map(\.name) == ["creds"])
    }
}
