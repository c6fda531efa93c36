import KubeObjects

/// The checks the API server makes before a write is stored: object names, and for MTC kinds
/// the CRDs' schema (required fields and field types).
///
/// This is the single place writes are validated; the CRD-driven schema check from
/// MTCManifests plugs in here.
enum ObjectValidator {
    static func causes(for object: KubeObject, as type: ResourceType) -> [FieldCause] {
        var causes: [FieldCause] = []
        if !object.name.isEmpty, !isDNSSubdomain(object.name) {
            causes.append(
                FieldCause(
                    field: "metadata.name", reason: "FieldValueInvalid",
                    message: "Invalid value: \"\(object.name)\": a lowercase RFC 1123 subdomain must consist of lower "
                        + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
                ))
        }
        for field in ["labels", "annotations"] {
            if let value = object.json[path: ["metadata", field]], !value.isNull,
                value.objectValue?.values.allSatisfy({ $0.stringValue != nil }) != true
            {
                causes.append(
                    FieldCause(
                        field: "metadata.\(field)", reason: "FieldValueTypeInvalid",
                        message: "Invalid value: must be a map of strings"))
            }
        }
        causes += schemaCauses(for: object, as: type)
        return causes
    }

    /// The CRD schema rules for MTC kinds.
    private static func schemaCauses(for object: KubeObject, as type: ResourceType) -> [FieldCause] {
        guard let rules = requiredSpec[type.kind] else { return [] }
        var causes: [FieldCause] = []
        let spec = object.spec
        if let spec, spec.objectValue == nil, !spec.isNull {
            return [
                FieldCause(
                    field: "spec", reason: "FieldValueTypeInvalid",
                    message: "Invalid value: \"\(spec.typeName)\": spec in body must be of type object")
            ]
        }
        for field in rules where spec?[field] == nil || spec?[field]?.isNull == true {
            causes.append(FieldCause(field: "spec.\(field)", reason: "FieldValueRequired", message: "Required value"))
        }
        for (field, expected) in fieldTypes[type.kind] ?? [:] {
            guard let value = spec?[field], !value.isNull else { continue }
            let actual = value.typeName == "integer" && expected == "number" ? "number" : value.typeName
            if actual != expected {
                causes.append(
                    FieldCause(
                        field: "spec.\(field)", reason: "FieldValueTypeInvalid",
                        message:
                            "Invalid value: \"\(value.typeName)\": spec.\(field) in body must be of type \(expected): \"\(value.typeName)\""
                    ))
            }
        }
        return causes
    }

    private static let requiredSpec: [String: [String]] = [
        "MigCluster": ["isHostCluster"],
        "MigStorage": ["backupStorageProvider", "backupStorageConfig"],
        "MigMigration": ["stage"],
        "MigHook": ["custom", "image", "targetCluster"],
        "MigPlan": [],
    ]

    private static let fieldTypes: [String: [String: String]] = [
        "MigCluster": [
            "isHostCluster": "boolean", "url": "string", "insecure": "boolean", "exposedRegistryPath": "string",
        ],
        "MigStorage": [
            "backupStorageProvider": "string", "volumeSnapshotProvider": "string", "backupStorageConfig": "object",
        ],
        "MigMigration": [
            "stage": "boolean", "quiescePods": "boolean", "keepAnnotations": "boolean", "canceled": "boolean",
            "rollback": "boolean", "verify": "boolean", "migrateState": "boolean", "migPlanRef": "object",
        ],
        "MigHook": ["custom": "boolean", "image": "string", "targetCluster": "string", "playbook": "string"],
        "MigPlan": [
            "closed": "boolean", "namespaces": "array", "persistentVolumes": "array", "hooks": "array",
            "srcMigClusterRef": "object", "destMigClusterRef": "object", "migStorageRef": "object",
            "indirectImageMigration": "boolean", "indirectVolumeMigration": "boolean", "refresh": "boolean",
        ],
    ]

    /// RFC 1123 subdomain: what Kubernetes requires of most object names.
    static func isDNSSubdomain(_ name: String) -> Bool {
        guard name.count <= 253, let first = name.first, let last = name.last else { return false }
        let allowed = name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }
        return allowed && first.isASCII && (first.isLowercase || first.isNumber) && last.isASCII
            && (last.isLowercase || last.isNumber)
    }
}
