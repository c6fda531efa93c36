/// A Kubernetes object: a JSON object with `apiVersion`, `kind` and `metadata`.
///
/// Everything else (spec, status, data) stays as JSON so that fields this program does not
/// model survive a read-modify-write untouched.
public struct KubeObject: Sendable, Hashable {
    public var json: JSONValue

    public init(json: JSONValue) {
        self.json = json
    }

    public init(apiVersion: String, kind: String, namespace: String?, name: String, spec: JSONValue? = nil) {
        var metadata: [String: JSONValue] = ["name": .string(name)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        var members: [String: JSONValue] = [
            "apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": .object(metadata),
        ]
        if let spec { members["spec"] = spec }
        self.json = .object(members)
    }

    public var apiVersion: String { json["apiVersion"]?.stringValue ?? "" }
    public var kind: String { json["kind"]?.stringValue ?? "" }

    public var name: String {
        get { json[path: ["metadata", "name"]]?.stringValue ?? "" }
        set { setMetadata("name", .string(newValue)) }
    }

    public var namespace: String? {
        get { json[path: ["metadata", "namespace"]]?.stringValue }
        set { setMetadata("namespace", newValue.map(JSONValue.string)) }
    }

    public var generateName: String? { json[path: ["metadata", "generateName"]]?.stringValue }

    public var uid: String? { json[path: ["metadata", "uid"]]?.stringValue }

    public var resourceVersion: String? {
        get { json[path: ["metadata", "resourceVersion"]]?.stringValue }
        set { setMetadata("resourceVersion", newValue.map(JSONValue.string)) }
    }

    public var generation: Int64? { json[path: ["metadata", "generation"]]?.intValue }

    public var labels: [String: String] {
        get { stringMap("labels") }
        set { setMetadata("labels", newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string))) }
    }

    public var annotations: [String: String] {
        get { stringMap("annotations") }
        set { setMetadata("annotations", newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string))) }
    }

    public var spec: JSONValue? {
        get { json["spec"] }
        set { json["spec"] = newValue }
    }

    public var status: JSONValue? {
        get { json["status"] }
        set { json["status"] = newValue }
    }

    public var metadata: [String: JSONValue] {
        get { json["metadata"]?.objectValue ?? [:] }
        set { json["metadata"] = .object(newValue) }
    }

    private func stringMap(_ key: String) -> [String: String] {
        guard let members = json[path: ["metadata", key]]?.objectValue else { return [:] }
        return members.compactMapValues(\.stringValue)
    }

    private mutating func setMetadata(_ key: String, _ value: JSONValue?) {
        var metadata = self.metadata
        metadata[key] = value
        self.metadata = metadata
    }
}
