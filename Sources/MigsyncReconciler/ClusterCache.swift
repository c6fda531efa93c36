import KubeObjects
import KubernetesClient
import Logging
import MigsyncCore
import Synchronization

/// The managed namespace's MTC objects, kept current by one watch per kind, so a daemon's
/// pass reads the cluster from memory instead of listing every object again.
///
/// Like a Kubernetes informer it is eventually consistent: a pass may see an object a moment
/// old. That is safe because every write is GET → change → PUT with the `resourceVersion`
/// (a stale copy ends in a conflict and a fresh read), creates of existing objects converge
/// them, and the pass's own writes are recorded here at once. Until every kind has been
/// listed, or when a watch has failed, ``snapshot()`` returns `nil` and the pass lists.
final class ClusterCache: Sendable {
    struct State: Sendable {
        var objects: [ObjectKey: ObservedObject] = [:]
        /// Kinds whose watch has reported a complete list.
        var synced: Set<MTCKind> = []
        /// Why a watch stopped; the cache is not used after that.
        var failure: String?
    }

    /// Shared by the cache and its watch tasks (the tasks must not hold the cache itself,
    /// or it would never be released and its watches never stopped).
    final class Shared: Sendable {
        let state = Mutex(State())
    }

    let namespace: String
    private let shared = Shared()
    private let tasks: [Task<Void, Never>]

    /// Starts the watches; the cache fills in the background.
    init(client: KubernetesClient, namespace: String, logger: Logger) {
        self.namespace = namespace
        let shared = self.shared
        var tasks: [Task<Void, Never>] = []
        for kind in MTCKind.allCases {
            // The task holds the state, not the cache, so dropping the cache stops it.
            tasks.append(
                Task {
                    do {
                        // Events are applied on the watch's own thread as they arrive: a
                        // pass keeps the cooperative threads busy, and decoded objects
                        // waiting for one would pile up by the thousand.
                        let stream = client.watch(ClusterAccess.type(of: kind), namespace: namespace) {
                            event -> Never? in
                            Self.apply(event, kind: kind, to: shared)
                            return nil
                        }
                        // Nothing is yielded; this waits for the watch to end or fail.
                        for try await _ in stream {}
                    } catch is CancellationError {
                        return
                    } catch {
                        logger.warning(
                            "cluster watch stopped; passes list the cluster instead",
                            metadata: ["kind": "\(kind)", "error": "\(error)"])
                        shared.state.withLock { $0.failure = "\(error)" }
                    }
                })
        }
        self.tasks = tasks
    }

    deinit {
        for task in tasks { task.cancel() }
    }

    /// Every cached object, or `nil` when the cache cannot answer (not synced yet, or failed).
    func snapshot() -> [ObservedObject]? {
        shared.state.withLock { state in
            guard state.failure == nil, state.synced.count == MTCKind.allCases.count else { return nil }
            return Array(state.objects.values)
        }
    }

    /// Records an object this process has just written or read (the server's answer), so the
    /// next pass sees it even before the watch reports it.
    ///
    /// The watch may have delivered a newer version already (mig-controller often updates a
    /// plan's status before the answer to the write that created it arrives here), so a
    /// cached version is replaced only when the answer is known to be newer; otherwise the
    /// watch, which reports every version in order, has the last word.
    func record(_ object: KubeObject) {
        guard object.namespace == namespace, let observed = ObservedObject(object: object) else { return }
        shared.state.withLock { state in
            guard let cached = state.objects[observed.key] else {
                state.objects[observed.key] = observed
                return
            }
            if Self.isNewer(observed.version, than: cached.version) { state.objects[observed.key] = observed }
        }
    }

    /// `true` when `candidate` is a later version than `cached` of the same object. Resource
    /// versions are opaque to clients in general; the integers etcd and the emulator use are
    /// compared, and anything else is left to the watch.
    static func isNewer(_ candidate: ObservedObject.Version?, than cached: ObservedObject.Version?) -> Bool {
        guard let candidate, let cached else { return false }
        if candidate.uid != cached.uid { return false }
        guard let new = Int64(candidate.resourceVersion), let old = Int64(cached.resourceVersion) else { return false }
        return new > old
    }

    /// Forgets an object this process has just deleted.
    func forget(_ key: ObjectKey) {
        shared.state.withLock { _ = $0.objects.removeValue(forKey: key) }
    }

    private static func apply(_ event: WatchEvent, kind: MTCKind, to shared: Shared) {
        if event.type == .bookmark {
            if event.isInitialEventsEnd { shared.state.withLock { _ = $0.synced.insert(kind) } }
            return
        }
        guard let observed = ObservedObject(object: event.object) else { return }
        shared.state.withLock { state in
            switch event.type {
            case .added, .modified: state.objects[observed.key] = observed
            case .deleted: state.objects[observed.key] = nil
            case .bookmark: break
            }
        }
    }
}
