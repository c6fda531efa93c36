import Foundation

/// A CEL value: the result of evaluating an expression, or a variable bound for evaluation.
///
/// Timestamps and durations are kept as nanoseconds in an `Int64`, which covers the years
/// 1678 to 2262: far more than run requests need, and it keeps their arithmetic exact.
public enum CELValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([CELValue])
    case map(CELMap)
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    case timestamp(Int64)
    /// Nanoseconds.
    case duration(Int64)
    /// A type name, as `type(x)` returns it.
    case type(String)

    /// The CEL name of the value's type, used in messages and by `type()`.
    public var typeName: String {
        switch self {
        case .null: return "null_type"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .list: return "list"
        case .map: return "map"
        case .timestamp: return "google.protobuf.Timestamp"
        case .duration: return "google.protobuf.Duration"
        case .type: return "type"
        }
    }

    /// A `Date` for a timestamp value, for callers that hand timestamps to Foundation.
    public var dateValue: Date? {
        if case .timestamp(let nanos) = self { return Date(timeIntervalSince1970: Double(nanos) / 1e9) }
        return nil
    }

    /// A timestamp for `date`, rounded to whole microseconds (Foundation's precision).
    public static func timestamp(_ date: Date) -> CELValue {
        let micros = (date.timeIntervalSince1970 * 1e6).rounded()
        return .timestamp(Int64(micros) * 1000)
    }
}

/// A CEL map: keys are bool, int, uint or string; iteration follows insertion order so
/// macros over maps give the same list every time.
public struct CELMap: Sendable, Hashable {
    public private(set) var keys: [CELValue] = []
    public private(set) var entries: [CELValue: CELValue] = [:]

    public init() {}

    public init(_ pairs: [(CELValue, CELValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public subscript(key: CELValue) -> CELValue? {
        get { entries[key] }
        set {
            if entries[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            entries[key] = newValue
        }
    }

    public var count: Int { keys.count }

    public static func == (lhs: CELMap, rhs: CELMap) -> Bool { lhs.entries == rhs.entries }

    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }
}

extension CELValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(arrayLiteral elements: CELValue...) { self = .list(elements) }
    public init(nilLiteral: ()) { self = .null }
}
