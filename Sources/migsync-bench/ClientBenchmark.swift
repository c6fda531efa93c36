import Foundation
import KubeObjects
import KubernetesClient
import MigsyncTesting

/// `migsync-bench client`: the Kubernetes client against the in-process emulator over
/// loopback. Lists 10,000 MigPlans with this client and with Python's `kubernetes` client
/// (same kubeconfig, same server, same run), and times 2,000 get+update round trips.
///
/// Settings come from the environment so the dispatcher stays argument-free:
/// `MIGSYNC_BENCH_PLANS`, `MIGSYNC_BENCH_ROUND_TRIPS`, `MIGSYNC_BENCH_REPEATS`,
/// `MIGSYNC_BENCH_PYTHON`, `MIGSYNC_BENCH_TLS=1` (HTTPS with a token instead of plain HTTP).
struct ClientBenchmark {
    var plans = 10_000
    var roundTrips = 2_000
    var repeats = 5
    var python = "/usr/bin/python3"
    var tls = false

    static let namespace = "openshift-migration"

    static func run() async throws {
        var benchmark = ClientBenchmark()
        let environment = ProcessInfo.processInfo.environment
        if let value = environment["MIGSYNC_BENCH_PLANS"].flatMap(Int.init) { benchmark.plans = value }
        if let value = environment["MIGSYNC_BENCH_ROUND_TRIPS"].flatMap(Int.init) { benchmark.roundTrips = value }
        if let value = environment["MIGSYNC_BENCH_REPEATS"].flatMap(Int.init) { benchmark.repeats = max(1, value) }
        if let value = environment["MIGSYNC_BENCH_PYTHON"] { benchmark.python = value }
        benchmark.tls = environment["MIGSYNC_BENCH_TLS"] == "1"
        try await benchmark.run()
    }

    func run() async throws {
        let emulator = try await EmulatorFixture.start(tls: tls, token: tls ? "bench-token" : nil)
        let config = try KubeConfig.load(path: emulator.kubeconfigPath)
        let client = KubernetesClient(config: config, retryPolicy: .none)

        print("seeding \(plans) MigPlans into \(emulator.url) ...")
        try await seed(client)

        // Warm-up: the first requests pay for connections and lazily built server state.
        _ = try await client.list(.migPlan, namespace: Self.namespace)

        var listTimes: [Double] = []
        var listed = 0
        for _ in 0..<repeats {
            let started = ContinuousClock.now
            let list = try await client.list(.migPlan, namespace: Self.namespace)
            listTimes.append(seconds(ContinuousClock.now - started))
            listed = list.items.count
        }
        guard listed == plans else { throw BenchmarkError("listed \(listed) plans, expected \(plans)") }

        let python = try runPython(kubeconfig: emulator.kubeconfigPath)

        var roundTripTimes: [Double] = []
        var getTimes: [Double] = []
        for _ in 0..<max(1, repeats / 2) {
            let (total, gets) = try await timeRoundTrips(client)
            roundTripTimes.append(total)
            getTimes.append(gets)
        }
        await emulator.stop()

        let swiftList = BenchmarkSupport.median(listTimes)
        let pythonList = BenchmarkSupport.median(python.list)
        let pythonRate = Double(roundTrips) / python.roundTrips
        let roundTripSeconds = BenchmarkSupport.median(roundTripTimes)
        let rate = Double(roundTrips) / roundTripSeconds
        let getShare = BenchmarkSupport.median(getTimes) / roundTripSeconds
        let ratio = swiftList / pythonList
        print(
            """
            list \(plans) MigPlans (median of \(repeats)): migsync \(format(swiftList)) s, \
            python kubernetes \(format(pythonList)) s, ratio \(format(ratio)) (target <= 0.5)
            \(roundTrips) get+update round trips: \(format(roundTripSeconds)) s, \(Int(rate)) per second \
            (target >= 1000); gets take \(Int(getShare * 100))% of it; \
            python kubernetes on the same server: \(Int(pythonRate)) per second
            """)

        let result: [String: Any] = [
            "benchmark": "client",
            "transport": tls ? "https+token" : "http",
            "plans": plans,
            "list_seconds_migsync": listTimes,
            "list_seconds_python": python.list,
            "list_median_migsync": swiftList,
            "list_median_python": pythonList,
            "list_ratio": ratio,
            "list_target_ratio": 0.5,
            "round_trips": roundTrips,
            "round_trip_seconds": roundTripTimes,
            "round_trips_per_second": rate,
            "round_trip_get_share": getShare,
            "round_trips_per_second_python": pythonRate,
            "round_trips_target_per_second": 1000,
            "cpus": ProcessInfo.processInfo.activeProcessorCount,
        ]
        let output = try BenchmarkSupport.writeResults("client", result)
        print("wrote \(output)")
    }

    private func seed(_ client: KubernetesClient) async throws {
        _ = try? await client.create(
            KubeObject(apiVersion: "v1", kind: "Namespace", namespace: nil, name: Self.namespace))
        let workers = 8
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for index in stride(from: worker, to: plans, by: workers) {
                        _ = try await client.create(Self.plan(index))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Total seconds, and the part of it spent in the gets.
    private func timeRoundTrips(_ client: KubernetesClient) async throws -> (total: Double, gets: Double) {
        let name = Self.plan(0).name
        let started = ContinuousClock.now
        var gets: Duration = .zero
        for iteration in 0..<roundTrips {
            let getStarted = ContinuousClock.now
            var object = try await client.get(.migPlan, namespace: Self.namespace, name: name)
            gets += ContinuousClock.now - getStarted
            object.annotations["bench.migsync.io/iteration"] = String(iteration)
            _ = try await client.update(object)
        }
        return (seconds(ContinuousClock.now - started), seconds(gets))
    }

    /// A MigPlan shaped like those in real use: references, namespaces, discovered volumes
    /// and a few conditions.
    static func plan(_ index: Int) -> KubeObject {
        let name = String(format: "plan-%05d", index)
        let volumes: [JSONValue] = (0..<3).map { volume in
            [
                "name": .string("pvc-\(index)-\(volume)-0c1f2e3d-4b5a-6978-8a9b-0c1d2e3f4a5b"),
                "capacity": "10Gi",
                "storageClass": "gp3-csi",
                "accessModes": ["ReadWriteOnce"],
                "supported": ["actions": ["copy", "move", "skip"], "copyMethods": ["filesystem", "snapshot"]],
                "selection": ["action": "copy", "copyMethod": "filesystem", "storageClass": "gp3-csi"],
                "pvc": ["name": .string("data-\(volume)"), "namespace": .string("app-\(index % 50)")],
            ]
        }
        var object = KubeObject(
            apiVersion: "migration.openshift.io/v1alpha1", kind: "MigPlan", namespace: namespace, name: name,
            spec: [
                "srcMigClusterRef": ["name": "source-cluster", "namespace": .string(namespace)],
                "destMigClusterRef": ["name": "host", "namespace": .string(namespace)],
                "migStorageRef": ["name": "s3-storage", "namespace": .string(namespace)],
                "namespaces": [.string("app-\(index % 50)"), .string("app-\(index % 50)-db")],
                "persistentVolumes": .array(volumes),
            ])
        object.labels = ["app.kubernetes.io/managed-by": "migsync", "team": "team-\(index % 7)"]
        object.annotations = ["migsync.io/revision": "main@sha1:0123456789abcdef0123456789abcdef01234567"]
        object.status = [
            "conditions": [
                [
                    "type": "Ready", "status": "True", "category": "Required",
                    "message": "The migration plan is ready.",
                    "lastTransitionTime": "2026-11-26T10:00:00Z",
                ],
                [
                    "type": "PvsDiscovered", "status": "True", "category": "Required",
                    "message": "The `persistentVolumes` list has been updated with discovered PVs.",
                    "lastTransitionTime": "2026-11-26T10:00:00Z", "reason": "Done",
                ],
            ]
        ]
        return object
    }

    /// The Python client's list times and, for comparison on the same server, its time for
    /// the same get+update round trips.
    private func runPython(kubeconfig: String) throws -> (list: [Double], roundTrips: Double) {
        let script = """
            import json, sys, time
            from kubernetes import client, config
            config.load_kube_config(config_file=sys.argv[1])
            api = client.CustomObjectsApi()
            group, version, namespace = "migration.openshift.io", "v1alpha1", sys.argv[2]
            def once():
                return api.list_namespaced_custom_object(group, version, namespace, "migplans")
            once()
            times = []
            for _ in range(int(sys.argv[3])):
                started = time.perf_counter()
                result = once()
                times.append(time.perf_counter() - started)
            name = result["items"][0]["metadata"]["name"]
            started = time.perf_counter()
            for iteration in range(int(sys.argv[4])):
                plan = api.get_namespaced_custom_object(group, version, namespace, "migplans", name)
                plan["metadata"].setdefault("annotations", {})["bench.migsync.io/python"] = str(iteration)
                api.replace_namespaced_custom_object(group, version, namespace, "migplans", name, plan)
            round_trips = time.perf_counter() - started
            print(json.dumps({"count": len(result["items"]), "seconds": times, "round_trips": round_trips}))
            """
        let path = NSTemporaryDirectory() + "migsync-bench-\(UUID().uuidString).py"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try BenchmarkSupport.run(
            python, [path, kubeconfig, Self.namespace, String(repeats), String(roundTrips)])
        guard let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
            let count = result["count"] as? Int, let times = result["seconds"] as? [Double],
            let roundTripSeconds = result["round_trips"] as? Double
        else { throw BenchmarkError("the Python client printed no result") }
        guard count == plans else { throw BenchmarkError("Python listed \(count) plans, expected \(plans)") }
        return (times, roundTripSeconds)
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
