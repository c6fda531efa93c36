import KubeObjects

extension ValidationContext {
    /// Checks a reference for completeness and, for MTC kinds, that it names an object the
    /// repository declares. mig-controller ignores a reference missing either half.
    ///
    /// - Parameters:
    ///   - target: the kind referred to; `nil` for Secrets, which are never in Git.
    ///   - required: whether a missing reference is an error.
    mutating func checkReference(
        _ reference: ObjectReference?, in object: ManifestObject, path: String, target: ResourceType?, required: Bool
    ) {
        guard let reference else {
            if required, object.json[path: path.split(separator: ".").map(String.init)] == nil {
                error("reference.missing", object, path, "\(path) is required")
            }
            return
        }
        var complete = true
        for (field, value) in [("name", reference.name), ("namespace", reference.namespace)] where (value ?? "").isEmpty
        {
            error(
                "reference.incomplete", object, FieldPath.member(path, field),
                "\(path).\(field) is required: MTC ignores references without both name and namespace")
            complete = false
        }
        guard complete, let target, let name = reference.name, let namespace = reference.namespace else { return }
        if target == .migCluster && name == settings.hostClusterName
            && namespace == RepositorySettings.controllerNamespace
        {
            return  // the operator creates and owns the host MigCluster
        }
        if declared[target.kind]?.contains("\(namespace)/\(name)") != true {
            error(
                "reference.unresolved", object, FieldPath.member(path, "name"),
                "\(path) refers to \(target.kind) \(namespace)/\(name), which the repository does not declare")
        }
    }
}
