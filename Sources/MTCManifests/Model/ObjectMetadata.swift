import KubeObjects

/// The parts of `metadata` a manifest in Git sets.
public struct ObjectMetadata: Sendable, Hashable, JSONRepresentable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var labels: [String: String]
    public var annotations: [String: String]
    /// Everything else under `metadata`, kept so nothing written in Git is lost.
    public var other: [String: JSONValue]

    public init(json: JSONValue?) {
        var members = json?.objectValue ?? [:]
        name = members.removeValue(forKey: "name")?.stringValue
        generateName = members.removeValue(forKey: "generateName")?.stringValue
        namespace = members.removeValue(forKey: "namespace")?.stringValue
        labels = (members.removeValue(forKey: "labels")?.objectValue ?? [:]).compactMapValues(\.stringValue)
        annotations = (members.removeValue(forKey: "annotations")?.objectValue ?? [:]).compactMapValues(\.stringValue)
        other = members
    }

    public var json: JSONValue {
        var fields = JSONFields(.object(other))
        fields.set("name", name)
        fields.set("generateName", generateName)
        fields.set("namespace", namespace)
        if !labels.isEmpty { fields.set("labels", .object(labels.mapValues(JSONValue.string))) }
        if !annotations.isEmpty { fields.set("annotations", .object(annotations.mapValues(JSONValue.string))) }
        return fields.json
    }
}
