/// The type conversion functions `int()`, `uint()`, `double()`, `string()`, `bytes()`,
/// `bool()`: range-checked, so a value that does not fit is an overflow error.
enum CELConversions {
    /// Bounds of the doubles that convert to `Int64`: 2^63 itself does not fit.
    private static let int64Limit = 9_223_372_036_854_775_808.0
    private static let uint64Limit = 18_446_744_073_709_551_616.0

    static func convert(_ value: CELValue, to type: String) throws(CELError) -> CELValue {
        let failure = CELError.overload(type, value)
        switch (type, value) {
        case ("int", .int): return value
        case ("int", .uint(let u)):
            guard u <= UInt64(Int64.max) else { throw CELError(.overflow, "uint \(u) does not fit int") }
            return .int(Int64(u))
        case ("int", .double(let d)):
            guard d.isFinite, d >= -int64Limit, d < int64Limit else {
                throw CELError(.overflow, "double \(d) does not fit int")
            }
            return .int(Int64(d.rounded(.towardZero)))
        case ("int", .string(let s)):
            guard let i = Int64(s) else { throw numberTextError(s, "int") }
            return .int(i)
        case ("int", .timestamp(let t)): return .int(CELTime.floorDivide(t, CELTime.nanosPerSecond).0)
        case ("uint", .uint): return value
        case ("uint", .int(let i)):
            guard i >= 0 else { throw CELError(.overflow, "int \(i) does not fit uint") }
            return .uint(UInt64(i))
        case ("uint", .double(let d)):
            guard d.isFinite, d > -1, d < uint64Limit else {
                throw CELError(.overflow, "double \(d) does not fit uint")
            }
            return .uint(UInt64(d.rounded(.towardZero)))
        case ("uint", .string(let s)):
            guard let u = UInt64(s) else { throw numberTextError(s, "uint") }
            return .uint(u)
        case ("double", .double): return value
        case ("double", .int(let i)): return .double(Double(i))
        case ("double", .uint(let u)): return .double(Double(u))
        case ("double", .string(let s)):
            guard let d = Double(s.trimmingSpaces) else {
                throw CELError(.invalidArgument, "cannot convert \"\(s)\" to double")
            }
            return .double(d)
        case ("string", .string): return value
        case ("string", .int(let i)): return .string(String(i))
        case ("string", .uint(let u)): return .string(String(u))
        case ("string", .double(let d)): return .string(format(d))
        case ("string", .bool(let b)): return .string(b ? "true" : "false")
        case ("string", .bytes(let b)):
            guard let s = String(validating: b, as: UTF8.self) else {
                throw CELError(.invalidArgument, "bytes are not valid UTF-8")
            }
            return .string(s)
        case ("string", .timestamp(let t)): return .string(CELTime.formatTimestamp(t))
        case ("string", .duration(let d)): return .string(CELTime.formatDuration(d))
        case ("bytes", .bytes): return value
        case ("bytes", .string(let s)): return .bytes(Array(s.utf8))
        case ("bool", .bool): return value
        case ("bool", .string(let s)):
            switch s {
            case "true", "True", "TRUE", "t", "1": return .bool(true)
            case "false", "False", "FALSE", "f", "0": return .bool(false)
            default: throw CELError(.invalidArgument, "cannot convert \"\(s)\" to bool")
            }
        default:
            throw failure
        }
    }

    /// Integer text that does not fit the type is an overflow; anything else is not a number.
    private static func numberTextError(_ text: String, _ type: String) -> CELError {
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        if !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return CELError(.overflow, "\(text) does not fit \(type)")
        }
        return CELError(.invalidArgument, "cannot convert \"\(text)\" to \(type)")
    }

    /// The shortest text that reads back as the same double, spelled like Python's `repr`
    /// (`1.0`, `1e+20`, `inf`), which is also what other CEL implementations print.
    static func format(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
