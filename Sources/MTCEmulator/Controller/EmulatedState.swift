import Foundation
import KubeObjects

/// What migrations changed on the emulated clusters, kept in the store (not in the
/// inventory, which is read-only) so a restarted emulator still has quiesced workloads
/// scaled down and remembers which data was already copied.
struct EmulatedState: Codable, Equatable {
    /// Current replicas of workloads a migration changed, keyed by ``workloadKey``.
    var replicas: [String: Int] = [:]
    /// Replicas before quiescing, restored by a rollback or a cancel.
    var preQuiesceReplicas: [String: Int] = [:]
    /// Bytes of each volume already on the destination, per plan UID, keyed by ``volumeKey``.
    var copiedBytes: [String: [String: Int64]] = [:]

    static let storeKey = "mig-controller/emulated-state"

    static func workloadKey(cluster: String, namespace: String, kind: String, name: String) -> String {
        "\(cluster)/\(namespace)/\(kind)/\(name)"
    }

    static func volumeKey(cluster: String, namespace: String, claim: String) -> String {
        "\(cluster)/\(namespace)/\(claim)"
    }

    static func load(from store: any ObjectStore) throws -> EmulatedState {
        guard let bytes = try store.loadState(key: storeKey), !bytes.isEmpty else { return EmulatedState() }
        return try JSONDecoder().decode(EmulatedState.self, from: Data(bytes))
    }

    func save(to store: any ObjectStore) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try store.saveState(key: Self.storeKey, value: Array(try encoder.encode(self)))
    }

    /// Current replicas of an inventory workload.
    func replicas(of workload: Inventory.Workload, cluster: String, namespace: String) -> Int {
        replicas[Self.workloadKey(cluster: cluster, namespace: namespace, kind: workload.kind, name: workload.name)]
            ?? workload.replicas
    }

    /// Running pods in a namespace: each replica of a pod-running workload plus bare pods in
    /// phase Running. (A CronJob's "replicas" says whether it is suspended; it runs no pods.)
    func runningPods(in namespace: Inventory.Namespace, cluster: String) -> Int {
        let fromWorkloads = namespace.workloads.filter { $0.kind != "CronJob" }.reduce(0) {
            $0 + replicas(of: $1, cluster: cluster, namespace: namespace.name)
        }
        return fromWorkloads + namespace.pods.filter { $0.phase == "Running" }.count
    }
}
