import KubeObjects

/// Reading typed fields out of a JSON object, and writing them back without inventing any.
///
/// The model types are read leniently (a wrong type reads as absent; the validator reports
/// it from the raw JSON) and written back with only the fields that are set, so that
/// `init(json:)` followed by `json` gives back exactly what a valid manifest said.
struct JSONFields {
    private(set) var members: [String: JSONValue]

    init(_ json: JSONValue?) {
        members = json?.objectValue ?? [:]
    }

    init() {
        members = [:]
    }

    func string(_ key: String) -> String? { members[key]?.stringValue }
    func bool(_ key: String) -> Bool? { members[key]?.boolValue }
    func int(_ key: String) -> Int64? { members[key]?.intValue }
    func object(_ key: String) -> JSONValue? { members[key].flatMap { $0.objectValue == nil ? nil : $0 } }
    func strings(_ key: String) -> [String]? { members[key]?.arrayValue?.compactMap(\.stringValue) }
    func array(_ key: String) -> [JSONValue]? { members[key]?.arrayValue }
    func value(_ key: String) -> JSONValue? { members[key] }
    func reference(_ key: String) -> ObjectReference? { object(key).map(ObjectReference.init(json:)) }
    func enumValue<T: RawRepresentable>(_ key: String, _ type: T.Type = T.self) -> T? where T.RawValue == String {
        string(key).flatMap(T.init(rawValue:))
    }

    mutating func set(_ key: String, _ value: String?) { if let value { members[key] = .string(value) } }
    mutating func set(_ key: String, _ value: Bool?) { if let value { members[key] = .bool(value) } }
    mutating func set(_ key: String, _ value: Int64?) { if let value { members[key] = .int(value) } }
    mutating func set(_ key: String, _ value: JSONValue?) { if let value { members[key] = value } }
    mutating func set(_ key: String, _ value: [String]?) {
        if let value { members[key] = .array(value.map(JSONValue.string)) }
    }
    mutating func set<T: RawRepresentable>(_ key: String, _ value: T?) where T.RawValue == String {
        if let value { members[key] = .string(value.rawValue) }
    }
    mutating func set(_ key: String, _ value: ObjectReference?) { if let value { members[key] = value.json } }
    mutating func set(_ key: String, _ values: [some JSONRepresentable]?) {
        if let values { members[key] = .array(values.map(\.json)) }
    }

    var json: JSONValue { .object(members) }
}

/// A model value that can be written back as JSON.
public protocol JSONRepresentable: Sendable {
    var json: JSONValue { get }
}
