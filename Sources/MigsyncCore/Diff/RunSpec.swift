import KubeObjects

/// How a created run may change: only `spec.canceled`, and only towards `true`.
enum RunSpec {
    /// The spec as compared for "immutable run edited": without `canceled` (which may
    /// change) and without members that say "off" (`false`, `null`), so `verify: false`
    /// and a missing `verify` are the same request.
    static func comparable(_ spec: JSONValue?) -> JSONValue? {
        guard var members = spec?.objectValue else { return spec }
        members["canceled"] = nil
        members = members.filter { _, value in value != .bool(false) && value != .null }
        return .object(members)
    }

    /// The observed run with `spec.canceled: true` and the revision of the commit that asked
    /// for it; nothing else of the observed object changes.
    static func canceling(_ observed: KubeObject, desired: DesiredObject, branch: String) -> KubeObject {
        var object = observed
        var spec = object.spec?.objectValue ?? [:]
        spec["canceled"] = true
        object.spec = .object(spec)
        var annotations = object.annotations
        annotations[MigsyncMetadata.revisionAnnotation] = desired.revision(branch: branch).description
        annotations[MigsyncMetadata.sourceAnnotation] = desired.sourcePath
        object.annotations = annotations
        return object
    }
}
