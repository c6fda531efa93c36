import KubeObjects

extension ValidationContext {
    /// Checks that a reference is present when required and has both halves: mig-controller
    /// ignores a reference missing either `name` or `namespace`. Whether it resolves is a
    /// question about the whole repository, answered by `ValidationState`.
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
}
