/// Closed sets of values in MTC specs. A value outside a set reads as `nil` in the typed
/// model; the raw JSON keeps it and the validator reports it.

/// Object store / snapshot provider of a MigStorage. S3-compatible stores (MinIO, NooBaa,
/// Ceph RGW) use `aws`.
public enum StorageProvider: String, Sendable, Hashable, CaseIterable, Codable {
    case aws, azure, gcp
}

/// What happens to a persistent volume in a migration (`spec.persistentVolumes[].selection.action`).
public enum PVAction: String, Sendable, Hashable, CaseIterable, Codable {
    case copy, move, skip
}

/// How a copied volume's data is moved (`selection.copyMethod`).
public enum PVCopyMethod: String, Sendable, Hashable, CaseIterable, Codable {
    case filesystem, snapshot, block
}

/// Destination access mode of a copied volume (`selection.accessMode`).
public enum PVAccessMode: String, Sendable, Hashable, CaseIterable, Codable {
    case readWriteOnce = "ReadWriteOnce"
    case readOnlyMany = "ReadOnlyMany"
    case readWriteMany = "ReadWriteMany"
    case readWriteOncePod = "ReadWriteOncePod"
    case auto
}

/// When a plan's hook runs within a final (cutover) migration.
public enum HookPhase: String, Sendable, Hashable, CaseIterable, Codable {
    case preBackup = "PreBackup"
    case postBackup = "PostBackup"
    case preRestore = "PreRestore"
    case postRestore = "PostRestore"
}

/// Which cluster a MigHook's job runs on.
public enum HookTargetCluster: String, Sendable, Hashable, CaseIterable, Codable {
    case source, destination
}
