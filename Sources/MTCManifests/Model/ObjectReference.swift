import KubeObjects

/// A Kubernetes `ObjectReference`, the form every MTC cross-reference takes.
///
/// mig-controller treats a reference as set only when both `name` and `namespace` are
/// non-empty, and compares references as whole objects when it looks for plan conflicts,
/// which is why migsync asks for exactly `name` + `namespace`.
public struct ObjectReference: Sendable, Hashable, JSONRepresentable {
    public var name: String?
    public var namespace: String?
    public var kind: String?
    public var apiVersion: String?
    public var uid: String?
    public var resourceVersion: String?
    public var fieldPath: String?

    public init(name: String?, namespace: String?) {
        self.name = name
        self.namespace = namespace
    }

    public init(json: JSONValue) {
        let fields = JSONFields(json)
        name = fields.string("name")
        namespace = fields.string("namespace")
        kind = fields.string("kind")
        apiVersion = fields.string("apiVersion")
        uid = fields.string("uid")
        resourceVersion = fields.string("resourceVersion")
        fieldPath = fields.string("fieldPath")
    }

    public var json: JSONValue {
        var fields = JSONFields()
        fields.set("name", name)
        fields.set("namespace", namespace)
        fields.set("kind", kind)
        fields.set("apiVersion", apiVersion)
        fields.set("uid", uid)
        fields.set("resourceVersion", resourceVersion)
        fields.set("fieldPath", fieldPath)
        return fields.json
    }

    /// Both `name` and `namespace` are non-empty: the controller's definition of "set".
    public var isComplete: Bool {
        !(name ?? "").isEmpty && !(namespace ?? "").isEmpty
    }
}
