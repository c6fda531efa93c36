import Foundation
import KubeObjects
import KubernetesClient
import Logging
import MigsyncCore
import MigsyncReconciler
import MigsyncTesting
import Testing

/// A repository served by `git daemon` on loopback, the emulator with its controller at a
/// high time scale and the secrets the demo references, and a reconciler tracking the
/// repository's `main`.
final class ReconcilerWorld {
    let directory: TemporaryDirectory
    let served: ServedRepository
    let daemon: GitDaemon
    let emulator: EmulatorFixture
    let client: KubernetesClient
    let reconciler: Reconciler

    init(
        prune: Bool = false, timeScale: Double = 300, allowedSigners: String? = nil, watchCluster: Bool = false
    ) async throws {
        directory = try TemporaryDirectory(prefix: "migsync-reconciler")
        served = try ServedRepository(basePath: directory.path)
        daemon = try await GitDaemon.start(basePath: directory.path)
        emulator = try await EmulatorFixture.start(controller: true, timeScale: timeScale)
        client = KubernetesClient(config: try KubeConfig.load(path: emulator.kubeconfigPath))
        let secretsURL = try #require(Bundle.module.url(forResource: "Fixtures/secrets", withExtension: "json"))
        let secrets = try JSONDecoder().decode([JSONValue].self, from: Data(contentsOf: secretsURL))
        for secret in secrets {
            _ = try await client.create(KubeObject(json: secret), type: .secret)
        }
        var logger = Logger(label: "migsync.test.reconciler")
        logger.logLevel = ProcessInfo.processInfo.environment["MIGSYNC_TEST_LOG"] == nil ? .warning : .debug
        var options = ReconcilerOptions(
            repository: daemon.url(for: served.name), prune: prune, mirrorPath: directory.path + "/mirror.git")
        options.allowedSignersPath = allowedSigners
        options.watchCluster = watchCluster
        reconciler = try Reconciler(options: options, cluster: client, logger: logger)
    }

    /// Runs `body` in a new world and stops the world afterwards, also when `body` throws.
    static func with(
        prune: Bool = false, timeScale: Double = 300, allowedSigners: String? = nil, watchCluster: Bool = false,
        _ body: (ReconcilerWorld) async throws -> Void
    ) async throws {
        let world = try await ReconcilerWorld(
            prune: prune, timeScale: timeScale, allowedSigners: allowedSigners, watchCluster: watchCluster)
        do {
            try await body(world)
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }

    func stop() async {
        await emulator.stop()
        daemon.stop()
    }

    /// Passes until `done` holds for a report, or `timeout` passes.
    @discardableResult
    func passUntil(
        timeout: Duration = .seconds(60), now: Date? = nil, _ done: (PassReport) -> Bool
    ) async throws -> [PassReport] {
        var reports: [PassReport] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let report = await reconciler.pass(now: now ?? Date())
            reports.append(report)
            if done(report) { return reports }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestSetupError("condition not reached; last pass:\n\(reports.last?.text ?? "none")")
    }

    /// The notes on the served repository, commit hex → text.
    func servedNotes() throws -> [String: String] {
        let list = try GitCLI.runAllowingFailure(["notes", "--ref=migsync", "list"], in: served.barePath)
        guard list.status == 0 else { return [:] }
        var notes: [String: String] = [:]
        for line in list.standardOutput.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2 else { continue }
            notes[String(parts[1])] = try GitCLI.run(["cat-file", "-p", String(parts[0])], in: served.barePath)
        }
        return notes
    }

    func servedNotesTip() throws -> String? {
        try served.served("refs/notes/migsync")
    }

    func run(_ name: String) async throws -> KubeObject {
        try await client.get(.migMigration, namespace: "openshift-migration", name: name)
    }
}

extension PassReport {
    func report(_ kind: MTCKind, _ name: String) -> ObjectReport? {
        reports.first { $0.key == ObjectKey(kind: kind, name: name) }
    }
}
