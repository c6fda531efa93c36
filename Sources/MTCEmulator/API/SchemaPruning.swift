import KubeObjects
import MTCManifests

/// What the API server does with members a structural CRD schema does not declare: it drops
/// them silently before validating and storing the object.
enum SchemaPruning {
    static func pruned(_ value: JSONValue, by schema: SchemaNode) -> JSONValue {
        switch value {
        case .object(let members):
            // `metadata` and free-form objects have no declared properties: kept as they are.
            if schema.preservesUnknownFields || (schema.properties.isEmpty && schema.additionalProperties == nil) {
                return value
            }
            var kept: [String: JSONValue] = [:]
            for (name, member) in members {
                if let property = schema.properties[name] {
                    kept[name] = pruned(member, by: property)
                } else if let additional = schema.additionalProperties {
                    kept[name] = pruned(member, by: additional)
                }
            }
            return .object(kept)
        case .array(let elements):
            guard let items = schema.items else { return value }
            return .array(elements.map { pruned($0, by: items) })
        default:
            return value
        }
    }
}
