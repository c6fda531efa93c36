import Foundation
import KubeObjects
import MTCEmulator
import MigsyncTesting
import Testing

@Suite("kubectl against the emulator", .enabled(if: Kubectl.isAvailable, Comment(rawValue: Kubectl.missingReason)))
struct KubectlTests {
    private static var planManifest: String {
        get throws {
            let url = try #require(Bundle.module.url(forResource: "Fixtures/migplan-shop", withExtension: "yaml"))
            return url.path
        }
    }

    private func kubectl(_ fixture: EmulatorFixture) throws -> Kubectl {
        Kubectl(
            kubeconfigPath: fixture.kubeconfigPath, cacheDirectory: try fixture.directory.subdirectory("kube-cache"))
    }

    @Test("kubectl creates, gets, watches and deletes a MigPlan in openshift-migration")
    func lifecycle() async throws {
        let fixture = try await EmulatorFixture.start(tls: true, token: "kubectl-token")
        defer { Task { await fixture.stop() } }
        let kubectl = try kubectl(fixture)

        let created = try await kubectl.run(["create", "-f", try Self.planManifest])
        #expect(created.exitCode == 0, "\(created)")
        #expect(created.stdout.contains("migplan.migration.openshift.io/shop created"))

        let table = try await kubectl.run(["get", "migplans"])
        #expect(table.exitCode == 0, "\(table)")
        let header = table.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(
            header.split(separator: " ", omittingEmptySubsequences: true) == [
                "NAME", "READY", "SOURCE", "TARGET", "STORAGE", "AGE",
            ])
        #expect(table.stdout.contains("shop"))
        #expect(table.stdout.contains("source"))

        let yaml = try await kubectl.run(["get", "migplan", "shop", "-o", "yaml"])
        #expect(yaml.exitCode == 0, "\(yaml)")
        #expect(yaml.stdout.contains("kind: MigPlan"))
        #expect(yaml.stdout.contains("uid: "))
        #expect(yaml.stdout.contains("- shop"))

        let watch = try kubectl.start(["get", "migplans", "--watch", "-o", "name"])
        defer { watch.stop() }
        _ = try await watch.waitForOutput(containing: "migplan.migration.openshift.io/shop")
        let labelled = try await kubectl.run(["label", "migplan", "shop", "stage=one"])
        #expect(labelled.exitCode == 0, "\(labelled)")
        let created2 = try await kubectl.run(
            ["create", "-f", "-"],
            input: try String(contentsOfFile: try Self.planManifest, encoding: .utf8).replacingOccurrences(
                of: "name: shop", with: "name: cart"))
        #expect(created2.exitCode == 0, "\(created2)")
        _ = try await watch.waitForOutput(containing: "migplan.migration.openshift.io/cart")

        let deleted = try await kubectl.run(["delete", "migplan", "shop"])
        #expect(deleted.exitCode == 0, "\(deleted)")
        #expect(deleted.stdout.contains("deleted"))
        let missing = try await kubectl.run(["get", "migplan", "shop"])
        #expect(missing.exitCode != 0)
        #expect(missing.stderr.contains("NotFound") || missing.stderr.contains("not found"))
    }

    @Test("kubectl get --watch prints table rows as objects change")
    func watchTable() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let kubectl = try kubectl(fixture)
        let watch = try kubectl.start(["get", "migplans", "--watch"])
        defer { watch.stop() }
        try await Task.sleep(for: .milliseconds(500))
        var plan = KubeObject(json: API.plan("shop"))
        plan = try fixture.store.create(plan, as: .migPlan)
        _ = try await watch.waitForOutput(containing: "shop")
        plan.status = ["conditions": [["type": "Ready", "status": "True", "category": "Required"]]]
        _ = try fixture.store.update(plan, as: .migPlan)
        let output = try await watch.waitForOutput(containing: "True")
        #expect(output.contains("NAME"))
    }

    @Test("kubectl reports the server's 422 causes")
    func invalid() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let kubectl = try kubectl(fixture)
        let url = try #require(
            Bundle.module.url(forResource: "Fixtures/migmigration-missing-stage", withExtension: "yaml"))
        let result = try await kubectl.run(["create", "-f", url.path])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("spec.stage"), "\(result)")
    }

    @Test("kubectl with a wrong token is unauthorized")
    func unauthorized() async throws {
        let fixture = try await EmulatorFixture.start(tls: true, token: "kubectl-token")
        defer { Task { await fixture.stop() } }
        let path = try fixture.writeKubeconfig(credentials: .none, name: "anonymous.kubeconfig")
        let kubectl = Kubectl(kubeconfigPath: path, cacheDirectory: try fixture.directory.subdirectory("anon-cache"))
        // Without any credentials kubectl would prompt for a username; a wrong token is sent as is.
        let result = try await kubectl.run(["--token", "not-the-token", "get", "migplans"])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("Unauthorized"), "\(result)")
    }
}
