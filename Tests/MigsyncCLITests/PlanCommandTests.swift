import Foundation
import KubeObjects
import KubernetesClient
import MigsyncTesting
import Testing

/// `migsync plan` against a repository served by `git daemon` and the emulator.
@Suite("migsync plan", .serialized)
struct PlanCommandTests {
    struct Preview: Decodable {
        struct Change: Decodable {
            var verb: String
            var object: String
        }
        struct Run: Decodable {
            var object: String
            var allowed: Bool
            var blocks: [String]
            var waitingFor: [String]
        }
        var changes: [Change]
        var runs: [Run]
        var policyFilesChanged: [String]
        var errorCount: Int
    }

    @Test(
        "a head adding a plan and a cutover shows the created plan and the held cutover with its verdict and exits 1; an unchanged head exits 0"
    )
    func previewOfPullRequest() async throws {
        let directory = try TemporaryDirectory(prefix: "migsync-plan")
        let served = try ServedRepository(basePath: directory.path)
        let daemon = try await GitDaemon.start(basePath: directory.path)
        let emulator = try await EmulatorFixture.start(controller: true, timeScale: 300)
        let migsync = try BuiltProducts.executable("migsync")
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = nil
        environment["HOME"] = directory.path
        let common = [
            "--repo", daemon.url(for: served.name), "--kubeconfig", emulator.kubeconfigPath, "--state-dir",
            directory.path + "/state",
        ]
        func policy(_ name: String) throws -> [String: String?] {
            ["policies/\(name)": try String(contentsOfFile: RepositoryRoot.file("policies/\(name)"), encoding: .utf8)]
        }

        // The branch: platform objects and the approvals policy, applied to the cluster.
        var files = try DemoFiles.files(["migsync.yaml", "clusters", "storage", "hooks"])
        files.merge(try policy("two-approvals-for-cutover.yaml")) { $1 }
        _ = try served.commitAndPush(files: files, message: "Platform and policies")
        let reconcile = try await CommandRunner.run(migsync, ["reconcile"] + common, environment: environment)
        #expect(reconcile.exitCode == 0, "\(reconcile)")

        let unchanged = try await CommandRunner.run(
            migsync, ["plan", "--base", "main", "--head", "main"] + common, environment: environment)
        #expect(unchanged.exitCode == 0, "\(unchanged)")
        #expect(unchanged.stdout.contains("No changes"), "\(unchanged.stdout)")

        // A pull request adds the shop plan and its cutover, and a window policy of its own.
        try GitCLI.run(["checkout", "--quiet", "-b", "shop"], in: served.workPath)
        var pull = try DemoFiles.files(["plans/shop.yaml", "migrations/shop-cutover.yaml"])
        pull.merge(try policy("cutover-window.yaml")) { $1 }
        try served.commit(files: pull, message: "Migrate shop")
        try GitCLI.run(["push", "--quiet", "origin", "HEAD:refs/pull/1/head"], in: served.workPath)

        let markdown = try await CommandRunner.run(
            migsync, ["plan", "--head", "refs/pull/1/head"] + common, environment: environment)
        #expect(markdown.exitCode == 1, "\(markdown)")
        let text = markdown.stdout
        #expect(text.hasPrefix("### migsync plan\n\n**1 to create, 0 to change, 0 to remove**"), "\(text)")
        #expect(text.contains("+ create MigPlan/shop  (plans/shop.yaml:"))
        #expect(text.contains("`MigMigration/shop-cutover` (Final, migrations/shop-cutover.yaml:5): **held**"))
        #expect(text.contains("two-approvals-for-cutover"))
        #expect(text.contains("Policy files changed"))
        #expect(text.contains("<details"))

        let json = try await CommandRunner.run(
            migsync, ["plan", "--head", "refs/pull/1/head", "--output", "json"] + common, environment: environment)
        #expect(json.exitCode == 1, "\(json)")
        let preview = try JSONDecoder().decode(Preview.self, from: Data(json.stdout.utf8))
        #expect(preview.changes.map { "\($0.verb) \($0.object)" } == ["create MigPlan/shop"])
        let run = try #require(preview.runs.first)
        #expect(run.object == "MigMigration/shop-cutover")
        #expect(!run.allowed)
        // Judged by the branch's policies: the pull request's own window policy is not applied.
        #expect(run.blocks.count == 1)
        #expect(run.blocks.first?.contains("(approvals)") ?? false)
        #expect(run.waitingFor.contains { $0.contains("MigPlan/shop") })
        #expect(preview.policyFilesChanged == ["policies/cutover-window.yaml"])
        #expect(preview.errorCount == 0)

        // Nothing was written: the plan is not on the cluster.
        let client = KubernetesClient(config: try KubeConfig.load(path: emulator.kubeconfigPath))
        await #expect(throws: KubeError.self) {
            _ = try await client.get(.migPlan, namespace: "openshift-migration", name: "shop")
        }
        await emulator.stop()
        daemon.stop()
    }
}
