import Foundation
import KubeObjects

/// Turns a plain YAML scalar into the JSON value Kubernetes tooling would read from it.
///
/// Follows the YAML 1.1 rules PyYAML's safe loader and `kubectl` share for the cases that
/// matter in manifests (`true`/`yes`/`on`, `null`/`~`, decimal/hex/octal integers, floats) and
/// leaves timestamps as strings, since JSON has no timestamp type. Written by hand over UTF-8
/// bytes because regular-expression resolution dominated load time in profiles.
enum ScalarResolver {
    static func resolvePlain(_ text: String) -> JSONValue {
        var text = text
        return text.withUTF8 { bytes -> JSONValue in
            guard let first = bytes.first else { return .null }
            switch first {
            case UInt8(ascii: "~"):
                return bytes.count == 1 ? .null : .string(String(decoding: bytes, as: UTF8.self))
            case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
                UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "y"), UInt8(ascii: "Y"),
                UInt8(ascii: "o"), UInt8(ascii: "O"):
                if let keyword = keyword(bytes) { return keyword }
                return .string(String(decoding: bytes, as: UTF8.self))
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
                if let number = number(bytes) { return number }
                return .string(String(decoding: bytes, as: UTF8.self))
            default:
                return .string(String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    /// Resolves a scalar carrying an explicit core tag (`!!int 3`); a value that does not fit
    /// its tag stays a string, which schema validation then reports.
    static func resolveTagged(_ text: String, tag: String) -> JSONValue {
        switch tag {
        case "tag:yaml.org,2002:str", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:timestamp":
            return .string(text)
        case "tag:yaml.org,2002:null":
            return .null
        case "tag:yaml.org,2002:bool":
            if case .bool(let b) = resolvePlain(text) { return .bool(b) }
            return .string(text)
        case "tag:yaml.org,2002:int":
            if case .int(let i) = resolvePlain(text) { return .int(i) }
            return .string(text)
        case "tag:yaml.org,2002:float":
            switch resolvePlain(text) {
            case .int(let i): return .double(Double(i))
            case .double(let d): return .double(d)
            default: return .string(text)
            }
        default:
            return resolvePlain(text)
        }
    }

    private static let keywords: [String: JSONValue] = [
        "null": .null, "Null": .null, "NULL": .null,
        "true": .bool(true), "True": .bool(true), "TRUE": .bool(true),
        "false": .bool(false), "False": .bool(false), "FALSE": .bool(false),
        "yes": .bool(true), "Yes": .bool(true), "YES": .bool(true),
        "no": .bool(false), "No": .bool(false), "NO": .bool(false),
        "on": .bool(true), "On": .bool(true), "ON": .bool(true),
        "off": .bool(false), "Off": .bool(false), "OFF": .bool(false),
    ]

    private static func keyword(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        guard bytes.count <= 5 else { return nil }
        return keywords[String(decoding: bytes, as: UTF8.self)]
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        let rest = UnsafeBufferPointer(rebasing: bytes[index...])

        // .inf / .nan
        if rest[0] == UInt8(ascii: ".") && rest.count == 4 {
            let word = String(decoding: rest, as: UTF8.self)
            if word == ".inf" || word == ".Inf" || word == ".INF" { return .double(negative ? -.infinity : .infinity) }
            if index == 0 && (word == ".nan" || word == ".NaN" || word == ".NAN") { return .double(.nan) }
        }

        // Hexadecimal, octal and binary integers.
        if rest.count > 2 && rest[0] == UInt8(ascii: "0") {
            let marker = rest[1]
            let radix: Int? =
                marker == UInt8(ascii: "x")
                ? 16 : marker == UInt8(ascii: "o") ? 8 : marker == UInt8(ascii: "b") ? 2 : nil
            if let radix {
                let digits = String(decoding: UnsafeBufferPointer(rebasing: rest[2...]), as: UTF8.self)
                    .replacingOccurrences(of: "_", with: "")
                guard let magnitude = Int64(digits, radix: radix) else { return nil }
                return .int(negative ? -magnitude : magnitude)
            }
        }

        // Decimal integer (YAML 1.1 also reads a leading 0 as octal).
        var allDigits = true
        for b in rest where !isDigit(b) && b != UInt8(ascii: "_") {
            allDigits = false
            break
        }
        if allDigits {
            guard isDigit(rest[0]) else { return nil }
            var digits = String(decoding: rest, as: UTF8.self)
            if digits.contains("_") { digits = digits.replacingOccurrences(of: "_", with: "") }
            if digits.count > 1 && digits.hasPrefix("0") {
                guard let magnitude = Int64(digits.dropFirst(), radix: 8) else { return nil }
                return .int(negative ? -magnitude : magnitude)
            }
            if let magnitude = Int64(digits) { return .int(negative ? -magnitude : magnitude) }
            if let d = Double(digits) { return .double(negative ? -d : d) }
            return nil
        }

        // Float: digits, at most one dot, optional exponent; at least one digit before the exponent.
        var sawDigit = false
        var sawDot = false
        var i = 0
        while i < rest.count {
            let b = rest[i]
            if isDigit(b) || (b == UInt8(ascii: "_") && sawDigit) {
                sawDigit = true
            } else if b == UInt8(ascii: ".") && !sawDot {
                sawDot = true
            } else if (b == UInt8(ascii: "e") || b == UInt8(ascii: "E")) && sawDigit {
                var j = i + 1
                if j < rest.count && (rest[j] == UInt8(ascii: "+") || rest[j] == UInt8(ascii: "-")) { j += 1 }
                guard j < rest.count else { return nil }
                while j < rest.count {
                    guard isDigit(rest[j]) else { return nil }
                    j += 1
                }
                i = rest.count
                break
            } else {
                return nil
            }
            i += 1
        }
        guard sawDigit else { return nil }
        var text = String(decoding: rest, as: UTF8.self)
        if text.contains("_") { text = text.replacingOccurrences(of: "_", with: "") }
        guard let d = Double(text) else { return nil }
        return .double(negative ? -d : d)
    }
}
