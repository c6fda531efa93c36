import KubeObjects
import MTCManifests

/// The checks the API server makes before a write is stored: object names, and for MTC kinds
/// the CRDs' schema (required fields and field types).
///
/// This is the single place writes are validated; MTC kinds are checked against the CRDs
/// compiled into MTCManifests, as the API server checks them.
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

    /// The CRD schema of an MTC kind, as mig-controller ships it; nil for the core kinds.
    static func schema(for type: ResourceType) -> CRDSchema? {
        guard let schema = CRDSchema.forKind(type.kind), schema.group == type.group else { return nil }
        return schema
    }

    /// The object as the API server would store it: members its CRD does not declare dropped.
    static func pruned(_ object: KubeObject, as type: ResourceType) -> KubeObject {
        guard let schema = schema(for: type) else { return object }
        return KubeObject(json: SchemaPruning.pruned(object.json, by: schema.root))
    }

    /// Violations of the CRD schema (required fields, types, enums, formats, patterns), in the
    /// API server's cause vocabulary. Unknown fields are pruned before this, not reported.
    private static func schemaCauses(for object: KubeObject, as type: ResourceType) -> [FieldCause] {
        guard let schema = schema(for: type) else { return [] }
        // The schema does not look inside `metadata`, so the answer depends only on the rest;
        // writes that change only labels, annotations or versions reuse it.
        var key = object.json
        key["metadata"] = nil
        if let cached = recentResults.withLock({ $0[key] }) { return cached }
        let causes = check(object, against: schema)
        recentResults.withLock { results in
            if results.count >= 512 { results.removeAll(keepingCapacity: true) }
            results[key] = causes
        }
        return causes
    }

    /// Recent schema results by object content (without metadata). Schema checks compile
    /// patterns and walk every field; controllers and clients rewrite the same spec often.
    private static let recentResults = Locked<[JSONValue: [FieldCause]]>([:])

    private static func check(_ object: KubeObject, against schema: CRDSchema) -> [FieldCause] {
        schema.validate(object.json).compactMap { violation in
            switch violation.kind {
            case .unknownField:
                return nil
            case .required:
                return FieldCause(field: violation.path, reason: "FieldValueRequired", message: "Required value")
            case .type:
                return FieldCause(
                    field: violation.path, reason: "FieldValueTypeInvalid",
                    message: "Invalid value: \(violation.path) in body \(violation.message)")
            case .enum:
                return FieldCause(
                    field: violation.path, reason: "FieldValueNotSupported",
                    message: "Unsupported value: \(violation.path) \(violation.message)")
            case .format, .pattern:
                return FieldCause(
                    field: violation.path, reason: "FieldValueInvalid", message: "Invalid value: \(violation.message)")
            }
        }
    }

    /// RFC 1123 subdomain: what Kubernetes requires of most object names.
    static func isDNSSubdomain(_ name: String) -> Bool {
        guard name.count <= 253, let first = name.first, let last = name.last else { return false }
        let allowed = name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }
        return allowed && first.isASCII && (first.isLowercase || first.isNumber) && last.isASCII
            && (last.isLowercase || last.isNumber)
    }
}
