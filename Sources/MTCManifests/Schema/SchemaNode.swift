import KubeObjects

/// One node of a CRD's OpenAPI v3 (structural) schema: the subset of keywords the MTC CRDs
/// use, which is also what the API server checks on create and update.
public final class SchemaNode: Sendable {
    /// Allowed JSON types (`object`, `array`, `string`, `integer`, `number`, `boolean`);
    /// empty means any. `anyOf` alternatives that only name types are folded in here.
    public let types: [String]
    public let properties: [String: SchemaNode]
    public let required: [String]
    public let items: SchemaNode?
    /// The schema of every member of a map-like object (`additionalProperties: {...}`).
    public let additionalProperties: SchemaNode?
    public let enumValues: [JSONValue]?
    public let format: String?
    public let pattern: String?
    /// `x-kubernetes-int-or-string: true` (quantities such as PV capacity).
    public let intOrString: Bool
    /// `x-kubernetes-preserve-unknown-fields: true`.
    public let preservesUnknownFields: Bool
    public let summary: String?

    public init(json: JSONValue) {
        var types: [String] = []
        if let type = json["type"]?.stringValue { types.append(type) }
        if types.isEmpty, let alternatives = json["anyOf"]?.arrayValue {
            types = alternatives.compactMap { $0["type"]?.stringValue }
        }
        self.types = types
        var properties: [String: SchemaNode] = [:]
        for (name, schema) in json["properties"]?.objectValue ?? [:] {
            properties[name] = SchemaNode(json: schema)
        }
        self.properties = properties
        self.required = json["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        self.items = json["items"].flatMap { $0.objectValue == nil ? nil : SchemaNode(json: $0) }
        self.additionalProperties = json["additionalProperties"].flatMap {
            $0.objectValue == nil ? nil : SchemaNode(json: $0)
        }
        self.enumValues = json["enum"]?.arrayValue
        self.format = json["format"]?.stringValue
        self.pattern = json["pattern"]?.stringValue
        self.intOrString = json["x-kubernetes-int-or-string"]?.boolValue ?? false
        self.preservesUnknownFields = json["x-kubernetes-preserve-unknown-fields"]?.boolValue ?? false
        self.summary = json["description"]?.stringValue
    }

    /// Whether an object at this node may carry members the schema does not list. An object
    /// schema without `properties` (such as `metadata`) is checked elsewhere, not here.
    var acceptsUnknownMembers: Bool {
        preservesUnknownFields || additionalProperties != nil || properties.isEmpty
    }
}
