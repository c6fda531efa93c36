import Foundation
import KubeObjects
import KubernetesClient
import MigsyncCore
import MigsyncTesting
import Testing

/// The daemon is killed (SIGKILL) again and again while it creates runs and writes status,
/// and restarted each time. Whatever the moment of death, no run may start twice, no status
/// write may be lost for good, and the notes ref may only move forward.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    /// Run files committed one after another while the daemon is being killed: stage runs of
    /// both plans, then their cutovers.
    static let runs: [(name: String, plan: String, stage: Bool)] = [
        ("shop-stage-1", "shop", true), ("blog-stage-1", "blog", true), ("shop-stage-2", "shop", true),
        ("blog-stage-2", "blog", true), ("shop-stage-3", "shop", true), ("blog-cutover", "blog", false),
        ("shop-cutover", "shop", false),
    ]
    static let killPoints = 28
    /// `MIGSYNC_CRASH_POINT` values: where a pass kills itself, the n-th time it gets there.
    static let crashPoints = [
        "cluster-write:1", "status-committed:1", "fetched:1", "status-pushed:1", "cluster-write:2",
        "status-committed:2", "status-pushed:2",
    ]

    static func runManifest(_ run: (name: String, plan: String, stage: Bool)) -> String {
        """
        apiVersion: migration.openshift.io/v1alpha1
        kind: MigMigration
        metadata:
          name: \(run.name)
          namespace: openshift-migration
        spec:
          migPlanRef: {name: \(run.plan), namespace: openshift-migration}
          stage: \(run.stage)
          quiescePods: \(!run.stage)

        """
    }

    @Test(
        "SIGKILL at 28 points of passes that create runs and write status: one MigMigration per run, every run completed, every note present and correct, notes only fast-forward"
    )
    func killedAgainAndAgain() async throws {
        let directory = try TemporaryDirectory(prefix: "migsync-crash")
        let served = try ServedRepository(basePath: directory.path)
        let daemon = try await GitDaemon.start(basePath: directory.path)
        let emulator = try await EmulatorFixture.start(controller: true, timeScale: 120)
        let client = KubernetesClient(config: try KubeConfig.load(path: emulator.kubeconfigPath))
        let secrets = try JSONDecoder().decode(
            [JSONValue].self,
            from: Data(
                contentsOf: URL(
                    fileURLWithPath: RepositoryRoot.file("Tests/MigsyncReconcilerTests/Fixtures/secrets.json"))
            ))
        for secret in secrets { _ = try await client.create(KubeObject(json: secret), type: .secret) }

        let migsync = try BuiltProducts.executable("migsync")
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = nil
        environment["HOME"] = directory.path
        let arguments = [
            "run", "--repo", daemon.url(for: served.name), "--kubeconfig", emulator.kubeconfigPath, "--state-dir",
            directory.path + "/state", "--interval", "0.3", "--follow-interval", "0.2",
        ]
        func startDaemon(crashPoint: String? = nil) throws -> ServerProcess {
            var environment = environment
            environment["MIGSYNC_CRASH_POINT"] = crashPoint
            return try ServerProcess(executable: migsync, arguments: arguments, environment: environment)
        }

        var commits: [String: String] = [:]  // run name (or "platform") → commit that added it
        commits["platform"] = try served.commitAndPush(
            files: try DemoFiles.files(["migsync.yaml", "clusters", "storage", "hooks", "plans"]),
            message: "Clusters, storage, hooks and plans")

        var tips: [String] = []
        var pending = Self.runs
        var outputs: [String] = []
        var selfKilled: [String: Int] = [:]
        for point in 0..<Self.killPoints {
            if point % 4 == 1, !pending.isEmpty {
                let run = pending.removeFirst()
                commits[run.name] = try served.commitAndPush(
                    files: ["migrations/\(run.name).yaml": Self.runManifest(run)], message: "Run \(run.name)")
            }
            if point % 2 == 1 {
                // A named moment: the daemon kills itself there (or is killed after 5 s).
                let crashPoint = Self.crashPoints[(point / 2) % Self.crashPoints.count]
                let process = try startDaemon(crashPoint: crashPoint)
                let deadline = ContinuousClock.now + .seconds(5)
                while process.isRunning, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                if !process.isRunning { selfKilled[crashPoint, default: 0] += 1 }
                process.stop()
            } else {
                // A moment timed from outside, spread over start-up and the passes.
                let process = try startDaemon()
                try await Task.sleep(for: .milliseconds(120 + (point * 197) % 1500))
                process.stop()
                outputs.append(process.output)
            }
            if let tip = try served.served("refs/notes/migsync"), tip != tips.last { tips.append(tip) }
        }
        #expect(pending.isEmpty)

        // A last, undisturbed daemon finishes what is left.
        let last = try startDaemon()
        let deadline = ContinuousClock.now + .seconds(120)
        var finished = false
        while ContinuousClock.now < deadline, !finished {
            try await Task.sleep(for: .milliseconds(500))
            finished = try Self.allRunsNoted(served: served, commits: commits)
        }
        try await Task.sleep(for: .seconds(1))
        last.stop()
        if let tip = try served.served("refs/notes/migsync"), tip != tips.last { tips.append(tip) }
        #expect(finished, "runs not all completed and noted; last daemon output:\n\(last.output.suffix(3000))")

        // The named moments were reached: each kind of crash point killed a daemon at least once.
        for name in Set(Self.crashPoints.map { $0.prefix { $0 != ":" } }) {
            let hits = selfKilled.filter { $0.key.hasPrefix(name + ":") }.values.reduce(0, +)
            #expect(hits >= 1, "no daemon died at \(name): \(selfKilled)")
        }
        #expect(selfKilled.values.reduce(0, +) >= Self.killPoints / 4, "\(selfKilled)")
        // Timed kills hit passes at work: most of those daemons had finished a pass or a write.
        let killedMidway = outputs.filter { $0.contains(" pass ") || $0.contains("create ") }.count
        #expect(killedMidway >= outputs.count / 2, "only \(killedMidway) of \(outputs.count) timed kills after a pass")
        print(
            "crash safety: \(Self.killPoints) kills; at named points \(selfKilled.sorted { $0.key < $1.key }); "
                + "\(killedMidway) of \(outputs.count) timed kills after a pass; \(tips.count) notes tips")

        // Exactly one MigMigration per run file, each completed successfully.
        let migrations = try await client.listAll(.migMigration, namespace: "openshift-migration").items
        #expect(migrations.count == Self.runs.count)
        #expect(Set(migrations.map(\.name)) == Set(Self.runs.map(\.name)))
        for migration in migrations {
            let state = RunState(observed: migration)
            #expect(state.isCompleted, "\(migration.name) is \(state.phase ?? "not started")")
            #expect(state.result.isSuccess, "\(migration.name) ended \(state.result)")
        }

        // Every note present and correct: the platform commit's objects Ready, each run's
        // commit noting that run's success.
        let platformNote = try #require(try Self.note(served: served, commit: commits["platform"]!))
        for name in ["host", "ocp3", "minio", "report-plan", "shop", "blog"] {
            let note = platformNote.first { $0.key.name == name }
            #expect(note?.summary.isReady == true, "platform note of \(name): \(String(describing: note))")
            #expect(note?.sync == .synced)
        }
        for run in Self.runs {
            let notes = try #require(
                try Self.note(served: served, commit: commits[run.name]!), "no note for \(run.name)")
            let note = try #require(notes.first { $0.key.name == run.name })
            #expect(note.run?.result == "Succeeded", "\(run.name): \(String(describing: note.run))")
            #expect(note.run?.phase == "Completed")
        }

        // The notes ref only moved forward.
        #expect(tips.count >= 2)
        for (older, newer) in zip(tips, tips.dropFirst()) {
            let ancestor = try GitCLI.runAllowingFailure(
                ["merge-base", "--is-ancestor", older, newer], in: served.barePath)
            #expect(ancestor.status == 0, "notes went from \(older) to \(newer), not a fast-forward")
        }

        await emulator.stop()
        daemon.stop()
    }

    static func note(served: ServedRepository, commit: String) throws -> [StatusNote]? {
        let result = try GitCLI.runAllowingFailure(["notes", "--ref=migsync", "show", commit], in: served.barePath)
        guard result.status == 0 else { return nil }
        return try StatusBatch.parseCommitNote(result.standardOutput)
    }

    static func allRunsNoted(served: ServedRepository, commits: [String: String]) throws -> Bool {
        for run in runs {
            guard let commit = commits[run.name], let notes = try note(served: served, commit: commit),
                notes.first(where: { $0.key.name == run.name })?.run?.result == "Succeeded"
            else { return false }
        }
        return true
    }
}
