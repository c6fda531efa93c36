import Foundation
import MigsyncTesting
import Testing

/// `migsync demo` as the README runs it, then `migsync status` on what it left behind.
@Suite("migsync demo and status", .serialized)
struct DemoAndStatusCommandTests {
    /// No way to reach a real cluster: the commands must use the embedded emulator.
    static func isolatedEnvironment(home: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = nil
        environment["KUBERNETES_SERVICE_HOST"] = nil
        environment["HOME"] = home
        return environment
    }

    @Test(
        "the demo ends with a completed cutover and its note in Git; status shows every object from the cluster and the notes"
    )
    func demoThenStatus() async throws {
        let directory = try TemporaryDirectory(prefix: "migsync-demo-test")
        let work = directory.path + "/demo"
        let environment = Self.isolatedEnvironment(home: directory.path)
        let migsync = try BuiltProducts.executable("migsync")

        let demo = try await CommandRunner.run(
            migsync, ["demo", "--workdir", work], environment: environment, workingDirectory: RepositoryRoot.path,
            timeout: .seconds(180))
        #expect(demo.exitCode == 0, "\(demo)")
        #expect(demo.stdout.contains("commit "), "\(demo.stdout)")
        #expect(demo.stdout.contains("MigMigration/shop-stage-1 finished: Succeeded"))
        #expect(demo.stdout.contains("MigMigration/shop-cutover finished: Succeeded"))
        #expect(demo.stdout.contains("cutover completed"))

        // The notes are in the served repository, on the three commits.
        let notes = try GitCLI.run(["log", "--notes=migsync", "--format=%s%n%N", "main"], in: work + "/origin.git")
        #expect(notes.contains("name: shop-cutover"))
        #expect(notes.contains("result: Succeeded"))
        #expect(notes.contains("name: shop-stage-1"))

        // Status on the same emulator state: every object Synced, runs Succeeded, notes found.
        let status = try await CommandRunner.run(
            migsync,
            [
                "status", "--repo", work + "/origin.git", "--state-dir", directory.path + "/state",
                "--emulator-state", work + "/emulator", "--output", "json",
            ], environment: environment)
        #expect(status.exitCode == 0, "\(status)")
        let listing = try JSONDecoder().decode(Listing.self, from: Data(status.stdout.utf8))
        let names = Set(listing.entries.map { "\($0.kind)/\($0.name)" })
        #expect(
            names == [
                "MigCluster/host", "MigCluster/ocp3", "MigStorage/minio", "MigHook/report-plan", "MigPlan/shop",
                "MigPlan/blog", "MigMigration/shop-stage-1", "MigMigration/shop-cutover",
            ])
        for entry in listing.entries {
            #expect(entry.sync == "Synced", "\(entry.kind)/\(entry.name)")
            #expect(entry.note != nil, "\(entry.kind)/\(entry.name) has no note")
        }
        let cutover = try #require(listing.entries.first { $0.name == "shop-cutover" })
        #expect(cutover.run?.result == "Succeeded")
        #expect(cutover.note?.phase == "Completed")

        let table = try await CommandRunner.run(
            migsync,
            [
                "status", "--repo", work + "/origin.git", "--state-dir", directory.path + "/state",
                "--emulator-state", work + "/emulator",
            ], environment: environment)
        #expect(table.exitCode == 0, "\(table)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("KIND") ?? false)
        #expect(
            lines.contains { $0.hasPrefix("MigMigration") && $0.contains("shop-cutover") && $0.contains("Completed") })
    }

    @Test("status against a repository that does not exist fails with exit 1 and says why")
    func statusOfMissingRepository() async throws {
        let directory = try TemporaryDirectory(prefix: "migsync-status-test")
        let result = try await CommandRunner.run(
            try BuiltProducts.executable("migsync"),
            [
                "status", "--repo", directory.path + "/nothing.git", "--state-dir", directory.path + "/state",
                "--emulator-state", directory.path + "/emulator",
            ], environment: Self.isolatedEnvironment(home: directory.path))
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("migsync status:"), "\(result)")
    }

    struct Listing: Decodable {
        struct Entry: Decodable {
            struct Run: Decodable { var result: String }
            struct Note: Decodable { var phase: String? }
            var kind: String
            var name: String
            var sync: String
            var run: Run?
            var note: Note?
        }
        var entries: [Entry]
    }
}
