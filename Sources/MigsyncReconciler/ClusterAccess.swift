import KubeObjects
import KubernetesClient
import MigsyncCore

/// The cluster calls a pass makes, counted: the pass report says how many requests and
/// writes each pass cost, which is how "a pass that changes nothing writes nothing" is checked.
final class ClusterAccess {
    let client: KubernetesClient
    private(set) var requests = 0
    private(set) var writes = 0

    init(client: KubernetesClient) {
        self.client = client
    }

    static func type(of kind: MTCKind) -> ResourceType {
        switch kind {
        case .migCluster: return .migCluster
        case .migStorage: return .migStorage
        case .migHook: return .migHook
        case .migPlan: return .migPlan
        case .migMigration: return .migMigration
        }
    }

    /// Every MTC object in `namespace`, one list per kind.
    func observe(namespace: String) async throws -> [ObservedObject] {
        var observed: [ObservedObject] = []
        for kind in MTCKind.allCases {
            requests += 1
            let list = try await client.listAll(Self.type(of: kind), namespace: namespace)
            observed += list.items.compactMap(ObservedObject.init(object:))
        }
        return observed
    }

    func get(_ key: ObjectKey) async throws -> KubeObject {
        requests += 1
        return try await client.get(Self.type(of: key.kind), namespace: key.namespace, name: key.name)
    }

    func create(_ object: KubeObject, kind: MTCKind) async throws {
        requests += 1
        writes += 1
        _ = try await client.create(object, type: Self.type(of: kind))
    }

    func update(_ object: KubeObject, kind: MTCKind) async throws {
        requests += 1
        writes += 1
        _ = try await client.update(object, type: Self.type(of: kind))
    }

    func delete(_ key: ObjectKey) async throws {
        requests += 1
        writes += 1
        _ = try await client.delete(Self.type(of: key.kind), namespace: key.namespace, name: key.name)
    }

    /// GET → change → PUT with the `resourceVersion` read, retried on conflict.
    ///
    /// - Parameters:
    ///   - first: the object to write first (already merged from an observed copy).
    ///   - change: rebuilds the object to write from a fresh read; `nil` means nothing to write.
    func write(_ first: KubeObject, key: ObjectKey, change: (KubeObject) -> KubeObject?) async throws {
        var object = first
        for attempt in 1...5 {
            do {
                try await update(object, kind: key.kind)
                return
            } catch KubeError.conflict where attempt < 5 {
                // mig-controller rewrites a running migration's status often; a short, growing,
                // jittered pause lets the next read-modify-write land between its writes.
                try await Task.sleep(for: .milliseconds(Int.random(in: 10...30) * attempt))
                let fresh = try await get(key)
                guard let next = change(fresh), OwnedFields.differs(next, from: fresh) else { return }
                object = next
            }
        }
    }
}
