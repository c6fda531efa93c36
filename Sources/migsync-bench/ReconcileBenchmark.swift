import Foundation
import KubeObjects
import KubernetesClient
import Logging
import MTCEmulator
import MigsyncReconciler
import MigsyncTesting

/// `migsync-bench reconcile`: a Reconciler following a repository of 10,000 manifests served
/// by a real `git daemon` on loopback, against the emulator (with its mig-controller) running
/// in a child process, so this process's peak memory is the reconciler's own.
///
/// Measures the cold first pass (everything created), passes when the branch did not move,
/// and passes after a commit that changed one file; status is written as Git notes.
///
/// Settings from the environment: `MIGSYNC_BENCH_FILES` (default 10,000),
/// `MIGSYNC_BENCH_REPEATS` (default 5), `MIGSYNC_BENCH_GIT` (`daemon`, the default, or
/// `file` for a `file://` URL).
struct ReconcileBenchmark {
    var files = 10_000
    var repeats = 5
    var transport = "daemon"

    static func run() async throws {
        var benchmark = ReconcileBenchmark()
        let environment = ProcessInfo.processInfo.environment
        if let value = environment["MIGSYNC_BENCH_FILES"].flatMap(Int.init) { benchmark.files = max(4, value) }
        if let value = environment["MIGSYNC_BENCH_REPEATS"].flatMap(Int.init) { benchmark.repeats = max(1, value) }
        if let value = environment["MIGSYNC_BENCH_GIT"] { benchmark.transport = value }
        try await benchmark.run()
    }

    /// The issue's "peak RSS under 200 MB", in the MiB the figures are printed in.
    static let rssTargetMiB = 200_000_000.0 / 1_048_576

    /// Clusters and storage come from `examples/demo`; the rest are plans, each migrating
    /// its own namespace (no two plans share one, so none conflicts).
    var plans: Int { files - 3 }

    func run() async throws {
        let directory = try TemporaryDirectory(prefix: "migsync-bench-reconcile")
        let served = try ServedRepository(basePath: directory.path)
        var texts: [String: String?] = [:]
        let demo = BenchmarkSupport.packageRoot() + "/examples/demo"
        for path in ["clusters/host.yaml", "clusters/ocp3.yaml", "storage/minio.yaml"] {
            texts[path] = try String(contentsOfFile: demo + "/" + path, encoding: .utf8)
        }
        for index in 0..<plans { texts[Self.planPath(index)] = Self.plan(index, revision: nil) }
        try served.commitAndPush(files: texts, message: "synthetic manifests")
        texts = [:]
        let inventoryPath = directory.path + "/inventory.yaml"
        try Self.inventory(namespaces: plans).write(toFile: inventoryPath, atomically: true, encoding: .utf8)

        let daemon = try await GitDaemon.start(basePath: directory.path)
        defer { daemon.stop() }
        let url = transport == "file" ? served.fileURL : daemon.url(for: served.name)
        let emulator = try EmulatorProcess.start(stateDirectory: directory.path + "/emulator", inventory: inventoryPath)
        defer { emulator.stop() }
        let client = KubernetesClient(config: try KubeConfig.load(path: emulator.kubeconfigPath))
        for secret in Self.secrets { _ = try await client.create(KubeObject(json: secret), type: .secret) }

        var logger = Logger(label: "migsync.bench.reconcile")
        logger.logLevel = .warning
        var options = ReconcilerOptions(repository: url, statusMode: .notes, mirrorPath: directory.path + "/mirror.git")
        options.watchCluster = true  // as `migsync run` does
        let reconciler = try Reconciler(options: options, cluster: client, logger: logger)
        print("\(files) manifests committed; git over \(url); emulator pid \(emulator.pid)")

        // Cold: everything is created.
        // Only the counts are kept: the report of a pass that created everything holds every
        // object, which a daemon drops after logging it and the benchmark must not keep either.
        var coldSeconds = 0.0
        let cold = try await { () async throws -> (apiWrites: Int, apiRequests: Int) in
            let report = await timedPass(reconciler, into: &coldSeconds)
            guard report.stepErrors.isEmpty, report.failures.isEmpty else {
                throw BenchmarkError("cold pass failed: \(report.text.prefix(2000))")
            }
            return (report.apiWrites, report.apiRequests)
        }()
        let rssAfterCold = BenchmarkSupport.peakRSSMiB()
        print(
            "cold pass: \(format(coldSeconds)) s, \(cold.apiWrites) writes of \(cold.apiRequests) requests; peak RSS so far \(String(format: "%.1f", rssAfterCold)) MiB"
        )

        // The controller makes everything Ready; passes follow until nothing is in flight.
        let settled = try await settle(reconciler, timeout: .seconds(Self.settleSeconds))
        print("settled after \(settled.passes) more passes in \(format(settled.seconds)) s")
        let residentAfterSettling = BenchmarkSupport.currentRSSMiB()

        var idle: [Double] = []
        var idleRequests: [Int] = []
        var idleWrites: [Int] = []
        var oneFile: [Double] = []
        var oneFileRequests: [Int] = []
        var oneFileWrites: [Int] = []
        var oneFileParsed: [Int] = []
        var oneFileSteps: [[String: Double]] = []
        let changedIndex = plans / 2
        for run in 0..<repeats {
            for _ in 0..<5 {
                var wall = 0.0
                let report = await timedPass(reconciler, into: &wall)
                guard report.skipped, report.apiWrites == 0 else {
                    throw BenchmarkError("a pass on an unchanged branch did work:\n\(report.text.prefix(2000))")
                }
                idle.append(wall)
                idleRequests.append(report.apiRequests)
                idleWrites.append(report.apiWrites)
            }

            try served.commitAndPush(
                files: [Self.planPath(changedIndex): Self.plan(changedIndex, revision: run)],
                message: "change plan \(changedIndex) (\(run))")
            let parsedBefore = reconciler.manifestsParsed
            var wall = 0.0
            let report = await timedPass(reconciler, into: &wall)
            guard report.stepErrors.isEmpty, report.failures.isEmpty, report.apiWrites >= 1 else {
                throw BenchmarkError("the one-file pass did not write the changed plan:\n\(report.text.prefix(2000))")
            }
            oneFile.append(wall)
            oneFileRequests.append(report.apiRequests)
            oneFileWrites.append(report.apiWrites)
            oneFileParsed.append(reconciler.manifestsParsed - parsedBefore)
            oneFileSteps.append(report.steps.mapValues { seconds($0) })
            _ = try await settle(reconciler, timeout: .seconds(120))
        }
        let rss = BenchmarkSupport.peakRSSMiB()
        let residentAtEnd = BenchmarkSupport.currentRSSMiB()

        func ms(_ value: Double) -> String { String(format: "%.1f ms", value * 1000) }
        let idleMedian = BenchmarkSupport.median(idle)
        let oneFileMedian = BenchmarkSupport.median(oneFile)
        print("cold first pass: \(format(coldSeconds)) s [target < 60 s]")
        print(
            "no-change pass (median of \(idle.count)): \(ms(idleMedian)), \(idleRequests.max() ?? 0) API requests, \(idleWrites.max() ?? 0) writes [target < 5 ms, 0 writes]"
        )
        print(
            "one-file pass (median of \(oneFile.count)): \(ms(oneFileMedian)), \(oneFileRequests.max() ?? 0) API requests, \(oneFileWrites.max() ?? 0) write(s), \(oneFileParsed.max() ?? 0) blob(s) parsed [target < 100 ms]"
        )
        var stepMedians: [String: Double] = [:]
        for step in Set(oneFileSteps.flatMap(\.keys)) {
            stepMedians[step] = BenchmarkSupport.median(oneFileSteps.map { $0[step] ?? 0 })
        }
        print(
            "  of which: "
                + stepMedians.sorted { $0.value > $1.value }.map { "\($0.key) \(ms($0.value))" }.joined(separator: ", ")
        )
        print(
            String(
                format: "peak RSS of the reconciler process: %.1f MiB [target < 200 MB = %.1f MiB]", rss,
                Self.rssTargetMiB))
        if let residentAfterSettling, let residentAtEnd {
            // A daemon repeats these passes for weeks: what stays resident must not grow.
            print(
                String(
                    format: "resident after %d one-file and %d no-change passes: %.1f MiB (%.1f MiB before them)",
                    oneFile.count, idle.count, residentAtEnd, residentAfterSettling))
        }
        print(
            String(
                format: "load average while measuring: %.1f on %d cores", BenchmarkSupport.loadAverage(),
                ProcessInfo.processInfo.activeProcessorCount))

        let path = try BenchmarkSupport.writeResults(
            url.hasPrefix("file:") ? "reconcile-file" : "reconcile",
            [
                "benchmark": "reconcile", "files": files, "plans": plans,
                "git": url.hasPrefix("file:") ? "file" : "git daemon",
                "statusMode": "notes", "cores": ProcessInfo.processInfo.activeProcessorCount,
                "coldPassSeconds": coldSeconds, "coldPassWrites": cold.apiWrites, "coldPassRequests": cold.apiRequests,
                "settlePasses": settled.passes, "settleSeconds": settled.seconds,
                "noChangePassSeconds": idle, "noChangePassMedianSeconds": idleMedian,
                "noChangePassAPIRequests": idleRequests.max() ?? 0, "noChangePassAPIWrites": idleWrites.max() ?? 0,
                "oneFilePassSeconds": oneFile, "oneFilePassMedianSeconds": oneFileMedian,
                "oneFilePassAPIRequests": oneFileRequests.max() ?? 0, "oneFilePassAPIWrites": oneFileWrites.max() ?? 0,
                "oneFilePassBlobsParsed": oneFileParsed.max() ?? 0, "oneFilePassStepMedianSeconds": stepMedians,
                "oneFilePassStepSeconds": oneFileSteps, "peakRSSMiBAfterColdPass": rssAfterCold,
                "peakRSSMiB": rss, "peakRSSNote": "reconciler process only; the emulator runs in a child process",
                "residentMiBBeforeRepeatedPasses": residentAfterSettling ?? -1,
                "residentMiBAfterRepeatedPasses": residentAtEnd ?? -1,
                "loadAverage": BenchmarkSupport.loadAverage(),
                "targets": [
                    "coldPassSeconds": 60, "noChangePassSeconds": 0.005, "noChangePassAPIWrites": 0,
                    "oneFilePassSeconds": 0.100, "peakRSSMiB": Self.rssTargetMiB,
                ],
                "met": [
                    "cold": coldSeconds < 60, "noChange": idleMedian < 0.005 && (idleWrites.max() ?? 0) == 0,
                    "oneFile": oneFileMedian < 0.100, "rss": rss < Self.rssTargetMiB,
                ],
            ])
        print("results: \(path)")
    }

    /// One pass, timed from outside: the wall time a caller waits for it.
    private func timedPass(_ reconciler: Reconciler, into wall: inout Double) async -> PassReport {
        let started = ContinuousClock.now
        let report = await reconciler.pass()
        wall = seconds(ContinuousClock.now - started)
        if !report.skipped { FreedMemory.returnToSystem() }  // as `migsync run` does between passes
        return report
    }

    /// Passes until one has nothing in flight; returns how many and how long they took.
    private func settle(_ reconciler: Reconciler, timeout: Duration) async throws -> (passes: Int, seconds: Double) {
        let started = ContinuousClock.now
        var passes = 0
        // What the last pass showed, for the error: not the report, which holds every object.
        var last = "none"
        while ContinuousClock.now - started < timeout {
            let report = await reconciler.pass()
            if !report.skipped { FreedMemory.returnToSystem() }
            passes += 1
            if !report.needsFollowUp { return (passes, seconds(ContinuousClock.now - started)) }
            last =
                "\(report.summary.description), step errors: \(report.stepErrors), actions: \(report.actions.count), "
                + "deferrals: \(report.deferrals.prefix(3).map { "\($0)" })"
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchmarkError(
            "the repository did not settle within \(timeout); last pass: \(last)")
    }

    /// How long the first settling may take (`MIGSYNC_BENCH_SETTLE_SECONDS`, default 900).
    static var settleSeconds: Int {
        ProcessInfo.processInfo.environment["MIGSYNC_BENCH_SETTLE_SECONDS"].flatMap(Int.init) ?? 900
    }

    static func planPath(_ index: Int) -> String { String(format: "plans/plan-%05d.yaml", index) }

    static func plan(_ index: Int, revision: Int?) -> String {
        let label = revision.map { "\n    bench.migsync.io/revision: \"\($0)\"" } ?? ""
        return """
            apiVersion: migration.openshift.io/v1alpha1
            kind: MigPlan
            metadata:
              name: plan-\(index)
              namespace: openshift-migration
              labels:
                team: team-\(index % 50)\(label)
            spec:
              srcMigClusterRef: {name: ocp3, namespace: openshift-migration}
              destMigClusterRef: {name: host, namespace: openshift-migration}
              migStorageRef: {name: minio, namespace: openshift-migration}
              namespaces:
              - app-\(index)

            """
    }

    /// The default inventory's two clusters, with one empty application namespace per plan
    /// on the source cluster (no volumes to discover).
    static func inventory(namespaces: Int) -> String {
        var text = """
            transferRate: 256Mi
            clusters:
              - name: host
                isHostCluster: true
                registryPath: image-registry.openshift-image-registry.svc:5000
                storageClasses:
                  - {name: gp3-csi, provisioner: ebs.csi.aws.com, default: true}
              - name: ocp3
                apiURL: https://api.ocp3.example.com:6443
                registryPath: registry.apps.ocp3.example.com
                storageClasses:
                  - {name: gp2, provisioner: kubernetes.io/aws-ebs, default: true}
                namespaces:

            """
        for index in 0..<namespaces { text += "      - name: app-\(index)\n" }
        return text
    }

    /// The Secrets the demo clusters and storage reference.
    static let secrets: [JSONValue] = [
        [
            "apiVersion": "v1", "kind": "Secret",
            "metadata": ["name": "ocp3-sa-token", "namespace": "openshift-config"],
            "data": ["saToken": "ZW11bGF0ZWQtdG9rZW4="],
        ],
        [
            "apiVersion": "v1", "kind": "Secret",
            "metadata": ["name": "minio-creds", "namespace": "openshift-config"],
            "data": ["aws-access-key-id": "ZW11bGF0ZWQ=", "aws-secret-access-key": "ZW11bGF0ZWQ="],
        ],
    ]
}

/// The emulator in a child process (`migsync-bench serve-emulator`), so the benchmark's
/// memory figure is the reconciler's alone.
final class EmulatorProcess {
    let process: Process
    let kubeconfigPath: String
    var pid: Int32 { process.processIdentifier }

    private init(process: Process, kubeconfigPath: String) {
        self.process = process
        self.kubeconfigPath = kubeconfigPath
    }

    static func start(stateDirectory: String, inventory: String) throws -> EmulatorProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
        process.arguments = ["serve-emulator"]
        var environment = ProcessInfo.processInfo.environment
        environment["MIGSYNC_BENCH_EMULATOR_STATE"] = stateDirectory
        environment["MIGSYNC_BENCH_EMULATOR_INVENTORY"] = inventory
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        // The child prints `ready <kubeconfig path>` once it listens.
        let handle = output.fileHandleForReading
        var text = ""
        while !text.hasPrefix("ready ") {
            var line: [UInt8] = []
            while true {
                guard let byte = handle.readData(ofLength: 1).first else {
                    throw BenchmarkError("the emulator process exited before it was ready")
                }
                if byte == UInt8(ascii: "\n") { break }
                line.append(byte)
            }
            text = String(decoding: line, as: UTF8.self)
        }
        return EmulatorProcess(process: process, kubeconfigPath: String(text.dropFirst("ready ".count)))
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// The child's side: serves until killed.
    static func serve() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let state = environment["MIGSYNC_BENCH_EMULATOR_STATE"] else {
            throw BenchmarkError("serve-emulator is started by the reconcile benchmark")
        }
        var logger = Logger(label: "migsync.bench.emulator")
        logger.logLevel = .error
        let configuration = EmulatorConfiguration(
            stateDirectory: state, inventoryPath: environment["MIGSYNC_BENCH_EMULATOR_INVENTORY"], timeScale: 300,
            runsController: true)
        let running = try await EmulatorServer.start(configuration, logger: logger)
        FileHandle.standardOutput.write(Data("ready \(running.kubeconfigPath)\n".utf8))
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

private func format(_ value: Double) -> String { String(format: "%.3f", value) }
