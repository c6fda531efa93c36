import Foundation

/// The functions of the supported CEL subset: `size`, string predicates, conversions,
/// `timestamp`/`duration` and the timestamp field accessors.
enum CELFunctions {
    static let timeFields: Set<String> = [
        "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfYear", "getDayOfWeek", "getHours",
        "getMinutes", "getSeconds", "getMilliseconds",
    ]

    static func call(_ name: String, target: CELValue?, arguments: [CELValue]) throws(CELError) -> CELValue {
        // Receiver-style and global-style calls share overloads: `size(x)` is `x.size()`.
        var all = arguments
        if let target { all.insert(target, at: 0) }
        func overload() -> CELError {
            CELError(
                .noMatchingOverload,
                "no matching overload for '\(name)' applied to (\(all.map(\.typeName).joined(separator: ", ")))")
        }
        if timeFields.contains(name) {
            guard target != nil, all.count == 1 || all.count == 2 else { throw overload() }
            var zone: String?
            if all.count == 2 {
                guard case .string(let z) = all[1] else { throw overload() }
                zone = z
            }
            switch all[0] {
            case .timestamp(let t):
                if let value = try CELTime.field(name, timestamp: t, zone: zone) { return .int(value) }
            case .duration(let d) where zone == nil:
                if let value = CELTime.field(name, duration: d) { return .int(value) }
            default: break
            }
            throw overload()
        }
        switch (name, all.count) {
        case ("size", 1):
            switch all[0] {
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            case .bytes(let b): return .int(Int64(b.count))
            case .list(let l): return .int(Int64(l.count))
            case .map(let m): return .int(Int64(m.count))
            default: throw overload()
            }
        case ("contains", 2), ("startsWith", 2), ("endsWith", 2), ("matches", 2):
            guard target != nil || name == "matches", case .string(let s) = all[0], case .string(let p) = all[1]
            else { throw overload() }
            switch name {
            case "contains": return .bool(p.isEmpty || s.unicodeScalars.contains(p.unicodeScalars))
            case "startsWith": return .bool(s.unicodeScalars.starts(with: p.unicodeScalars))
            case "endsWith": return .bool(s.unicodeScalars.reversed().starts(with: p.unicodeScalars.reversed()))
            default: return .bool(try matches(s, p))
            }
        case ("int", 1), ("uint", 1), ("double", 1), ("string", 1), ("bytes", 1), ("bool", 1):
            guard target == nil else { throw overload() }
            return try CELConversions.convert(all[0], to: name)
        case ("type", 1):
            guard target == nil else { throw overload() }
            return .type(all[0].typeName)
        case ("timestamp", 1):
            guard target == nil else { throw overload() }
            switch all[0] {
            case .string(let s): return .timestamp(try CELTime.parseTimestamp(s))
            case .timestamp: return all[0]
            default: throw overload()
            }
        case ("duration", 1):
            guard target == nil else { throw overload() }
            switch all[0] {
            case .string(let s): return .duration(try CELTime.parseDuration(s))
            case .duration: return all[0]
            default: throw overload()
            }
        default:
            throw overload()
        }
    }

    /// RE2-style search (unanchored) through `NSRegularExpression`; the subset used by
    /// policies (classes, anchors, alternation, repetition) behaves the same in both.
    static func matches(_ text: String, _ pattern: String) throws(CELError) -> Bool {
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: pattern)
        } catch {
            throw CELError(.invalidArgument, "invalid regular expression \"\(pattern)\"")
        }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return regex.firstMatch(in: text, range: range) != nil
    }
}
