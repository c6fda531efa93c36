/// YAML/JSON form of the inventory (read-only: the emulator never writes inventories). Every field except names has a default, so an inventory
/// file only says what matters for a scenario; byte counts accept integers or Kubernetes
/// quantities (`512Mi`, `2Gi`).
extension Inventory: Decodable {
    enum CodingKeys: String, CodingKey {
        case transferRate, clusters
    }

    /// 100 MiB/s: a plausible rsync rate between two clusters.
    public static let defaultTransferRate: Int64 = 100 * 1024 * 1024

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        transferRate = try c.decodeIfPresent(ByteCount.self, forKey: .transferRate)?.bytes ?? Self.defaultTransferRate
        clusters = try c.decodeIfPresent([Cluster].self, forKey: .clusters) ?? []
    }
}

extension Inventory.Cluster: Decodable {
    enum CodingKeys: String, CodingKey {
        case name, apiURL, isHostCluster, registryPath, unreachable, storageClasses, namespaces
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        apiURL = try c.decodeIfPresent(String.self, forKey: .apiURL) ?? ""
        isHostCluster = try c.decodeIfPresent(Bool.self, forKey: .isHostCluster) ?? false
        registryPath = try c.decodeIfPresent(String.self, forKey: .registryPath) ?? ""
        unreachable = try c.decodeIfPresent(Bool.self, forKey: .unreachable) ?? false
        storageClasses = try c.decodeIfPresent([Inventory.StorageClass].self, forKey: .storageClasses) ?? []
        namespaces = try c.decodeIfPresent([Inventory.Namespace].self, forKey: .namespaces) ?? []
    }
}

extension Inventory.StorageClass: Decodable {
    enum CodingKeys: String, CodingKey {
        case name, provisioner
        case isDefault = "default"
        case accessModes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        provisioner = try c.decodeIfPresent(String.self, forKey: .provisioner) ?? ""
        isDefault = try c.decodeIfPresent(Bool.self, forKey: .isDefault) ?? false
        accessModes = try c.decodeIfPresent([String].self, forKey: .accessModes) ?? ["ReadWriteOnce"]
    }
}

extension Inventory.Namespace: Decodable {
    enum CodingKeys: String, CodingKey {
        case name, workloads, pods, pvcs, imageStreams
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        workloads = try c.decodeIfPresent([Inventory.Workload].self, forKey: .workloads) ?? []
        pods = try c.decodeIfPresent([Inventory.Pod].self, forKey: .pods) ?? []
        pvcs = try c.decodeIfPresent([Inventory.PersistentVolumeClaim].self, forKey: .pvcs) ?? []
        imageStreams = try c.decodeIfPresent(Int.self, forKey: .imageStreams) ?? 0
    }
}

extension Inventory.Workload: Decodable {
    enum CodingKeys: String, CodingKey {
        case kind, name, replicas, claims
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? "Deployment"
        name = try c.decode(String.self, forKey: .name)
        replicas = try c.decodeIfPresent(Int.self, forKey: .replicas) ?? 1
        claims = try c.decodeIfPresent([String].self, forKey: .claims) ?? []
    }
}

extension Inventory.Pod: Decodable {
    enum CodingKeys: String, CodingKey {
        case name, phase, claims
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        phase = try c.decodeIfPresent(String.self, forKey: .phase) ?? "Running"
        claims = try c.decodeIfPresent([String].self, forKey: .claims) ?? []
    }
}

extension Inventory.PersistentVolumeClaim: Decodable {
    enum CodingKeys: String, CodingKey {
        case name, size, usedBytes, storageClass, accessModes, volumeName, volumeMode
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        size = try c.decodeIfPresent(String.self, forKey: .size) ?? "1Gi"
        usedBytes = try c.decodeIfPresent(ByteCount.self, forKey: .usedBytes)?.bytes ?? 0
        storageClass = try c.decodeIfPresent(String.self, forKey: .storageClass) ?? ""
        accessModes = try c.decodeIfPresent([String].self, forKey: .accessModes) ?? ["ReadWriteOnce"]
        volumeName = try c.decodeIfPresent(String.self, forKey: .volumeName)
        volumeMode = try c.decodeIfPresent(String.self, forKey: .volumeMode) ?? "Filesystem"
    }
}

/// A byte count written either as an integer or as a Kubernetes quantity string.
struct ByteCount: Decodable {
    var bytes: Int64

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int64.self) {
            bytes = n
            return
        }
        let text = try c.decode(String.self)
        guard let n = Quantity.bytes(text) else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "\"\(text)\" is not a byte count (use e.g. 1073741824, 512Mi or 2Gi)")
        }
        bytes = n
    }
}
