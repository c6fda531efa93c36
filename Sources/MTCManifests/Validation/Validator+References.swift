import KubeObjects

extension ValidationContext {
    /// Checks that a reference is present when required and has both halves: mig-controller
    /// ignores a reference missing either `name` or `namespace`. Whether it resolves is a
    /// question about the whole repository, answered by `resolveReferences`.
    mutating func checkReferenceComplete(
        _ reference: ObjectReference?, in object: ManifestObject, path: String, required: Bool
    ) {
        guard let reference else {
            if required, object.json[path: path.split(separator: ".").map(String.init)] == nil {
                error("reference.missing", object, path, "\(path) is required")
            }
            return
        }
        for (field, value) in [("name", reference.name), ("namespace", reference.namespace)] where (value ?? "").isEmpty
        {
            error(
                "reference.incomplete", object, FieldPath.member(path, field),
                "\(path).\(field) is required: MTC ignores references without both name and namespace")
        }
    }

    /// Reports complete references to MTC objects the repository does not declare. The host
    /// MigCluster is created and owned by the MTC operator, so it may always be referenced.
    mutating func resolveReferences(_ object: ManifestObject) {
        guard let mtc = object.mtc else { return }
        for found in mtc.references where found.reference.isComplete {
            guard let name = found.reference.name, let namespace = found.reference.namespace else { continue }
            if found.target == .migCluster && name == settings.hostClusterName
                && namespace == RepositorySettings.controllerNamespace
            {
                continue
            }
            if declared[found.target.kind]?.contains("\(namespace)/\(name)") != true {
                error(
                    "reference.unresolved", object, FieldPath.member(found.path, "name"),
                    "\(found.path) refers to \(found.target.kind) \(namespace)/\(name), which the repository does not declare"
                )
            }
        }
    }
}
