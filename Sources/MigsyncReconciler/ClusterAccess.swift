import KubeObjects
import KubernetesClient
import MigsyncCore

/// The cluster calls a pass makes, counted: the pass report says how many requests and
/// writes each pass cost, which is how "a pass that changes nothing writes nothing" is checked.
final class ClusterAccess {
    let client: KubernetesClient
    /// The daemon's watch-fed copy of the namespace; `nil` lists on every observation.
    var cache: ClusterCache?
    private(set) var requests = 0
    private(set) var writes = 0

    init(client: KubernetesClient, cache: ClusterCache? = nil) {
        self.client = client
        self.cache = cache
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

    /// Every MTC object in `namespace`: from the cache when it holds that namespace and is in
    /// sync, else one list per kind.
    func observe(namespace: String) async throws -> [ObservedObject] {
        if let cache, cache.namespace == namespace, let cached = cache.snapshot() { return cached }
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
        let object = try await client.get(Self.type(of: key.kind), namespace: key.namespace, name: key.name)
        cache?.record(object)
        return object
    }

    func create(_ object: KubeObject, kind: MTCKind) async throws {
        requests += 1
        writes += 1
        let created = try await client.create(object, type: Self.type(of: kind))
        cache?.record(created)
    }

    func update(_ object: KubeObject, kind: MTCKind) async throws {
        requests += 1
        writes += 1
        let updated = try await client.update(object, type: Self.type(of: kind))
        cache?.record(updated)
    }

    func delete(_ key: ObjectKey) async throws {
        requests += 1
        writes += 1
        _ = try await client.delete(Self.type(of: key.kind), namespace: key.namespace, name: key.name)
        cache?.forget(key)
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
