/// Where a kind lives in the Kubernetes API: group, version, plural resource name, and scope.
public struct ResourceType: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var resource: String
    public var kind: String
    public var namespaced: Bool

    public init(group: String, version: String, resource: String, kind: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.namespaced = namespaced
    }

    /// `v1` for the core group, `group/version` otherwise.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The URL path prefix of the group version: `/api/v1` or `/apis/<group>/<version>`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    public var description: String { group.isEmpty ? resource : "\(resource).\(group)" }
}

extension ResourceType {
    public static let migrationGroup = "migration.openshift.io"

    public static let migCluster = ResourceType(
        group: migrationGroup, version: "v1alpha1", resource: "migclusters", kind: "MigCluster", namespaced: true)
    public static let migStorage = ResourceType(
        group: migrationGroup, version: "v1alpha1", resource: "migstorages", kind: "MigStorage", namespaced: true)
    public static let migHook = ResourceType(
        group: migrationGroup, version: "v1alpha1", resource: "mighooks", kind: "MigHook", namespaced: true)
    public static let migPlan = ResourceType(
        group: migrationGroup, version: "v1alpha1", resource: "migplans", kind: "MigPlan", namespaced: true)
    public static let migMigration = ResourceType(
        group: migrationGroup, version: "v1alpha1", resource: "migmigrations", kind: "MigMigration", namespaced: true)

    public static let namespace = ResourceType(
        group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false)
    public static let secret = ResourceType(
        group: "", version: "v1", resource: "secrets", kind: "Secret", namespaced: true)
    public static let lease = ResourceType(
        group: "coordination.k8s.io", version: "v1", resource: "leases", kind: "Lease", namespaced: true)

    /// The MTC kinds migsync manages, in apply order (what is referenced comes first).
    public static let mtcKinds: [ResourceType] = [migCluster, migStorage, migHook, migPlan, migMigration]

    /// Every type the emulator serves.
    public static let served: [ResourceType] = mtcKinds + [namespace, secret, lease]

    public static func forKind(_ kind: String, apiVersion: String) -> ResourceType? {
        served.first { $0.kind == kind && $0.apiVersion == apiVersion }
    }
}
