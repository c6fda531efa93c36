import KubeObjects

extension CELValue {
    /// The CEL view of a JSON document: objects become string-keyed maps, JSON integers
    /// `int` and other numbers `double`, the way Kubernetes objects are seen by CEL.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(CELValue.init(json:)))
        case .object(let members):
            var map = CELMap()
            for key in members.keys.sorted() { map[.string(key)] = members[key].map(CELValue.init(json:)) }
            self = .map(map)
        }
    }

    /// A string-keyed map from Swift pairs, for building activations.
    public static func object(_ members: [String: CELValue]) -> CELValue {
        var map = CELMap()
        for key in members.keys.sorted() { map[.string(key)] = members[key] }
        return .map(map)
    }
}
