import Foundation
import KubeObjects
import MigsyncPolicy

/// The JSON forms the differential test exchanges with `evaluate_celpy.py`.
enum TaggedCELValue {
    /// A binding: plain JSON plus `{"$timestamp": ...}`, `{"$duration": ...}`, `{"$double": n}`,
    /// `{"$uint": n}` for the types JSON lacks.
    static func binding(_ json: JSONValue) throws -> CELValue {
        switch json {
        case .object(let members):
            if let text = members["$timestamp"]?.stringValue {
                return try CELProgram("timestamp(t)").evaluate(["t": .string(text)])
            }
            if let text = members["$duration"]?.stringValue {
                return try CELProgram("duration(d)").evaluate(["d": .string(text)])
            }
            if let number = members["$double"]?.doubleValue { return .double(number) }
            if let number = members["$uint"]?.intValue, number >= 0 { return .uint(UInt64(number)) }
            var map = CELMap()
            for key in members.keys.sorted() { map[.string(key)] = try binding(members[key] ?? .null) }
            return .map(map)
        case .array(let items): return .list(try items.map(binding))
        default: return CELValue(json: json)
        }
    }

    /// A result value as the script prints it: `{"t": type, "v": value}`.
    static func value(_ json: JSONValue) throws -> CELValue {
        let type = json["t"]?.stringValue ?? ""
        let v = json["v"]
        func text() throws -> String {
            guard let s = v?.stringValue else { throw FixtureError("\(type) without text: \(json)") }
            return s
        }
        switch type {
        case "null": return .null
        case "bool": return .bool(v?.boolValue ?? false)
        case "int":
            guard let i = Int64(try text()) else { throw FixtureError("bad int \(json)") }
            return .int(i)
        case "uint":
            guard let u = UInt64(try text()) else { throw FixtureError("bad uint \(json)") }
            return .uint(u)
        case "double":
            guard let d = Double(try text()) else { throw FixtureError("bad double \(json)") }
            return .double(d)
        case "string": return .string(try text())
        case "bytes":
            guard let data = Data(base64Encoded: try text()) else { throw FixtureError("bad bytes \(json)") }
            return .bytes(Array(data))
        case "timestamp":
            guard let n = Int64(try text()) else { throw FixtureError("bad timestamp \(json)") }
            return .timestamp(n)
        case "duration":
            guard let n = Int64(try text()) else { throw FixtureError("bad duration \(json)") }
            return .duration(n)
        case "list": return .list(try (v?.arrayValue ?? []).map(value))
        case "map":
            var map = CELMap()
            for pair in v?.arrayValue ?? [] {
                guard let items = pair.arrayValue, items.count == 2 else { throw FixtureError("bad map \(json)") }
                map[try value(items[0])] = try value(items[1])
            }
            return .map(map)
        default:
            throw FixtureError("cel-python returned a value of unsupported type \(type)")
        }
    }

    /// Exact equality, except that NaN equals NaN: the comparison is about identical results.
    static func same(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy(same)
        case (.map(let x), .map(let y)):
            return x.count == y.count
                && x.keys.allSatisfy { key in
                    guard let u = x[key], let w = y[key] else { return false }
                    return same(u, w)
                }
        default: return a == b
        }
    }

    /// A readable rendering for failure messages.
    static func render(_ value: CELValue) -> String {
        switch value {
        case .string(let s): return "\"\(s)\""
        case .list(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .map(let map):
            return "{" + map.keys.map { "\(render($0)): \(render(map[$0] ?? .null))" }.joined(separator: ", ") + "}"
        case .uint(let u): return "\(u)u"
        default: return "\(value)"
        }
    }
}
