import Foundation

/// The emulated clusters behind the emulator: what exists on each cluster the MigClusters
/// point at, so the emulated mig-controller can validate plans, discover volumes, quiesce
/// workloads and time data copies the way the real one would observe a real cluster.
///
/// The inventory is configuration: it never changes while the emulator runs. What migrations
/// change (workload replica counts, data already copied) is kept as controller state in the
/// object store, so a restarted emulator resumes where it was.
public struct Inventory: Sendable, Hashable {
    /// How fast emulated volume data moves, in bytes per emulated second. Copy phases take
    /// `bytes / transferRate` emulated seconds (divided by the controller's time scale).
    public var transferRate: Int64

    /// The emulated clusters. One of them is the host (`isHostCluster`).
    public var clusters: [Cluster]

    public init(transferRate: Int64, clusters: [Cluster]) {
        self.transferRate = transferRate
        self.clusters = clusters
    }

    /// An emulated OpenShift cluster with MTC installed.
    public struct Cluster: Sendable, Hashable {
        /// A label for logs and state keys; MigClusters do not need to use the same name.
        public var name: String
        /// The API server URL a remote MigCluster's `spec.url` must name to reach this cluster.
        /// Empty for a host cluster, which MigClusters reach in-cluster.
        public var apiURL: String
        /// True for the cluster the controller runs on: a MigCluster with
        /// `isHostCluster: true` maps to it.
        public var isHostCluster: Bool
        /// The image registry's address: the internal service for the host, the exposed route
        /// for a remote cluster (a MigCluster's `exposedRegistryPath` must match it).
        public var registryPath: String
        /// True when connection tests to this cluster fail (`TestConnectFailed`).
        public var unreachable: Bool
        public var storageClasses: [StorageClass]
        /// Application namespaces. `openshift-migration` exists on every cluster implicitly.
        public var namespaces: [Namespace]

        public init(
            name: String, apiURL: String = "", isHostCluster: Bool = false, registryPath: String = "",
            unreachable: Bool = false, storageClasses: [StorageClass] = [], namespaces: [Namespace] = []
        ) {
            self.name = name
            self.apiURL = apiURL
            self.isHostCluster = isHostCluster
            self.registryPath = registryPath
            self.unreachable = unreachable
            self.storageClasses = storageClasses
            self.namespaces = namespaces
        }
    }

    /// A storage class offered by a cluster; copied into a plan's `status.srcStorageClasses` /
    /// `destStorageClasses` and used to choose destination classes for discovered volumes.
    public struct StorageClass: Sendable, Hashable {
        public var name: String
        /// Decides the supported actions (`move` for NFS and AWS EBS) and the default
        /// destination class (same provisioner first).
        public var provisioner: String
        /// The cluster's default class, chosen when nothing better matches.
        public var isDefault: Bool
        /// Access modes volumes of this class can have (`ReadWriteOnce`, `ReadWriteMany`, ...).
        public var accessModes: [String]

        public init(
            name: String, provisioner: String, isDefault: Bool = false, accessModes: [String] = ["ReadWriteOnce"]
        ) {
            self.name = name
            self.provisioner = provisioner
            self.isDefault = isDefault
            self.accessModes = accessModes
        }
    }

    /// An application namespace on an emulated cluster.
    public struct Namespace: Sendable, Hashable {
        public var name: String
        /// Scalable workloads; quiescing scales them to zero and a rollback restores them.
        public var workloads: [Workload]
        /// Pods not owned by a listed workload (each workload replica is a running pod too).
        public var pods: [Pod]
        public var pvcs: [PersistentVolumeClaim]
        /// Image streams in the namespace; decides whether indirect image migration creates
        /// registries.
        public var imageStreams: Int

        public init(
            name: String, workloads: [Workload] = [], pods: [Pod] = [], pvcs: [PersistentVolumeClaim] = [],
            imageStreams: Int = 0
        ) {
            self.name = name
            self.workloads = workloads
            self.pods = pods
            self.pvcs = pvcs
            self.imageStreams = imageStreams
        }
    }

    /// A Deployment, DeploymentConfig, StatefulSet, ReplicaSet, DaemonSet, Job or CronJob.
    public struct Workload: Sendable, Hashable {
        public var kind: String
        public var name: String
        /// Replicas before any migration touches it. For a CronJob, 1 means active and 0
        /// suspended (quiescing suspends CronJobs instead of scaling them).
        public var replicas: Int
        /// PVC names its pods mount (marks them `hasReference` with this workload's kind as
        /// `ownerType`).
        public var claims: [String]

        public init(kind: String, name: String, replicas: Int, claims: [String] = []) {
            self.kind = kind
            self.name = name
            self.replicas = replicas
            self.claims = claims
        }
    }

    /// A bare pod.
    public struct Pod: Sendable, Hashable {
        public var name: String
        /// `Running`, `Pending`, `Failed`, ...: anything other than Running or Succeeded makes
        /// the plan warn `SourcePodsNotHealthy`.
        public var phase: String
        public var claims: [String]

        public init(name: String, phase: String = "Running", claims: [String] = []) {
            self.name = name
            self.phase = phase
            self.claims = claims
        }
    }

    /// A persistent volume claim and its bound volume.
    public struct PersistentVolumeClaim: Sendable, Hashable {
        public var name: String
        /// Capacity as a Kubernetes quantity (`10Gi`), reported as the PV's `capacity`.
        public var size: String
        /// Bytes of data on the volume: what a first copy moves.
        public var usedBytes: Int64
        public var storageClass: String
        public var accessModes: [String]
        /// The bound PV's name; when nil a stable `pvc-<uuid>` is derived (see
        /// ``persistentVolumeName(cluster:namespace:)``).
        public var volumeName: String?
        /// `Filesystem` or `Block`.
        public var volumeMode: String

        public init(
            name: String, size: String, usedBytes: Int64, storageClass: String,
            accessModes: [String] = ["ReadWriteOnce"], volumeName: String? = nil, volumeMode: String = "Filesystem"
        ) {
            self.name = name
            self.size = size
            self.usedBytes = usedBytes
            self.storageClass = storageClass
            self.accessModes = accessModes
            self.volumeName = volumeName
            self.volumeMode = volumeMode
        }

        /// The bound PV's name: `volumeName`, or a `pvc-<uuid>` derived from where the claim
        /// lives, so the same inventory always yields the same PV names (plans keep their
        /// selections across emulator restarts).
        public func persistentVolumeName(cluster: String, namespace: String) -> String {
            if let volumeName, !volumeName.isEmpty { return volumeName }
            let bytes = StableHash.bytes16("\(cluster)/\(namespace)/\(name)")
            let hex = bytes.map { byte -> String in
                let s = String(byte, radix: 16)
                return s.count == 1 ? "0" + s : s
            }.joined()
            let parts = [
                hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
                hex.dropFirst(20),
            ]
            return "pvc-" + parts.map(String.init).joined(separator: "-")
        }
    }
}

extension Inventory {
    /// The host cluster, if the inventory has one.
    public var hostCluster: Cluster? { clusters.first { $0.isHostCluster } }

    public func cluster(named name: String) -> Cluster? { clusters.first { $0.name == name } }

    /// The cluster whose API URL matches `url`, ignoring case and a trailing slash.
    public func cluster(apiURL url: String) -> Cluster? {
        let wanted = Self.normalizedURL(url)
        guard !wanted.isEmpty else { return nil }
        return clusters.first { Self.normalizedURL($0.apiURL) == wanted }
    }

    static func normalizedURL(_ url: String) -> String {
        var u = url.trimmingCharacters(in: .whitespaces).lowercased()
        while u.hasSuffix("/") { u.removeLast() }
        return u
    }
}

extension Inventory.Cluster {
    public func namespace(named name: String) -> Inventory.Namespace? { namespaces.first { $0.name == name } }

    /// True when the namespace exists (`openshift-migration` always does: MTC is installed).
    public func hasNamespace(_ name: String) -> Bool {
        name == MigControllerSettings.migrationNamespace || namespace(named: name) != nil
    }

    public func storageClass(named name: String) -> Inventory.StorageClass? {
        storageClasses.first { $0.name == name }
    }

    public var defaultStorageClass: Inventory.StorageClass? { storageClasses.first { $0.isDefault } }
}

/// FNV-1a over UTF-8, twice with different offsets: a hash that is the same in every process
/// (Swift's `Hasher` is seeded per process, which would rename PVs on every restart).
enum StableHash {
    static func fnv1a(_ text: String, offset: UInt64) -> UInt64 {
        var hash = offset
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    static func bytes16(_ text: String) -> [UInt8] {
        let a = fnv1a(text, offset: 0xcbf2_9ce4_8422_2325)
        let b = fnv1a(text, offset: 0x84222325_cbf29ce4)
        return (0..<8).map { UInt8(truncatingIfNeeded: a >> (8 * UInt64($0))) }
            + (0..<8).map { UInt8(truncatingIfNeeded: b >> (8 * UInt64($0))) }
    }
}
