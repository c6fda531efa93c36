import KubeObjects

/// What the emulator serves, and how each type shows up in discovery and in `kubectl get`.
struct ServedResource: Sendable {
    var type: ResourceType
    var singular: String
    var shortNames: [String]
    /// Extra table columns after NAME (AGE is appended), as the CRDs' printer columns define.
    var columns: [TableColumn]

    var verbs: [String] {
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
    }
}

/// A `kubectl get` column read from the object by a path.
struct TableColumn: Sendable {
    enum Source: Sendable {
        /// A value at a path of object keys.
        case path([String])
        /// The `status` of the condition of this type in `status.conditions`.
        case condition(String)
        /// The number of members of the object at the path (a Secret's DATA column).
        case count([String])
    }

    var name: String
    var type: String
    var source: Source
    var priority: Int = 0
}

enum ResourceCatalog {
    static let all: [ServedResource] = [
        ServedResource(
            type: .migCluster, singular: "migcluster", shortNames: [],
            columns: [
                TableColumn(name: "Ready", type: "string", source: .condition("Ready")),
                TableColumn(name: "URL", type: "string", source: .path(["spec", "url"])),
                TableColumn(name: "Host", type: "boolean", source: .path(["spec", "isHostCluster"])),
            ]),
        ServedResource(
            type: .migStorage, singular: "migstorage", shortNames: [],
            columns: [
                TableColumn(name: "Ready", type: "string", source: .condition("Ready")),
                TableColumn(
                    name: "BackupStorageProvider", type: "string", source: .path(["spec", "backupStorageProvider"])),
                TableColumn(
                    name: "VolumeSnapshotProvider", type: "string", source: .path(["spec", "volumeSnapshotProvider"])),
            ]),
        ServedResource(
            type: .migHook, singular: "mighook", shortNames: [],
            columns: [
                TableColumn(name: "Ready", type: "string", source: .condition("Ready")),
                TableColumn(name: "Image", type: "string", source: .path(["spec", "image"])),
                TableColumn(name: "TargetCluster", type: "string", source: .path(["spec", "targetCluster"])),
            ]),
        ServedResource(
            type: .migPlan, singular: "migplan", shortNames: [],
            columns: [
                TableColumn(name: "Ready", type: "string", source: .condition("Ready")),
                TableColumn(name: "Source", type: "string", source: .path(["spec", "srcMigClusterRef", "name"])),
                TableColumn(name: "Target", type: "string", source: .path(["spec", "destMigClusterRef", "name"])),
                TableColumn(name: "Storage", type: "string", source: .path(["spec", "migStorageRef", "name"])),
            ]),
        ServedResource(
            type: .migMigration, singular: "migmigration", shortNames: [],
            columns: [
                TableColumn(name: "Ready", type: "string", source: .condition("Ready")),
                TableColumn(name: "Plan", type: "string", source: .path(["spec", "migPlanRef", "name"])),
                TableColumn(name: "Stage", type: "string", source: .path(["spec", "stage"])),
                TableColumn(name: "Rollback", type: "string", source: .path(["spec", "rollback"])),
                TableColumn(name: "Itinerary", type: "string", source: .path(["status", "itinerary"])),
                TableColumn(name: "Phase", type: "string", source: .path(["status", "phase"])),
            ]),
        ServedResource(
            type: .namespace, singular: "namespace", shortNames: ["ns"],
            columns: [TableColumn(name: "Status", type: "string", source: .path(["status", "phase"]))]),
        ServedResource(
            type: .secret, singular: "secret", shortNames: [],
            columns: [
                TableColumn(name: "Type", type: "string", source: .path(["type"])),
                TableColumn(name: "Data", type: "integer", source: .count(["data"])),
            ]),
        ServedResource(
            type: .lease, singular: "lease", shortNames: [],
            columns: [TableColumn(name: "Holder", type: "string", source: .path(["spec", "holderIdentity"]))]),
    ]

    /// The served resource at `/api/<version>` or `/apis/<group>/<version>` named `resource`.
    static func find(group: String, version: String, resource: String) -> ServedResource? {
        all.first { $0.type.group == group && $0.type.version == version && $0.type.resource == resource }
    }

    static func find(_ type: ResourceType) -> ServedResource? {
        all.first { $0.type == type }
    }

    /// Every API group (except core) with its versions, in discovery order.
    static var groups: [(group: String, versions: [String])] {
        var result: [(String, [String])] = []
        for resource in all where !resource.type.group.isEmpty {
            if let index = result.firstIndex(where: { $0.0 == resource.type.group }) {
                if !result[index].1.contains(resource.type.version) { result[index].1.append(resource.type.version) }
            } else {
                result.append((resource.type.group, [resource.type.version]))
            }
        }
        return result
    }
}
