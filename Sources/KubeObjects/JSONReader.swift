import Foundation

/// Parses JSON bytes into `JSONValue` with a single pass over the buffer.
///
/// API responses are the client's hot path (a 10,000-object list is tens of megabytes), every
/// write to the emulator parses a body, and going through `JSONDecoder` with `JSONValue`'s
/// trial decoding costs a thrown error per scalar. This reader looks at each byte once and
/// builds the value directly. Shared by the client, the emulator and the reconciler's
/// compact observed objects.
package struct JSONReader {
    package struct SyntaxError: Error, Sendable, CustomStringConvertible {
        package var offset: Int
        package var reason: String
        package var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// Parses a complete document; trailing whitespace is allowed, anything else is not.
    package static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { try parse(UnsafeRawBufferPointer($0)) }
    }

    package static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { try parse($0) }
    }

    package static func parse(_ buffer: UnsafeRawBufferPointer) throws -> JSONValue {
        var reader = JSONReader(buffer: buffer)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.position == buffer.count else { throw reader.error("unexpected data after the document") }
        return value
    }

    package let buffer: UnsafeRawBufferPointer
    package var position = 0
    /// Members of the objects being read, innermost last. One buffer for all of them, so an
    /// object's dictionary is built once at its final size instead of growing member by member.
    private var scratch: [(String, JSONValue)] = []

    /// Deep enough for any Kubernetes object, shallow enough that hostile input cannot
    /// exhaust the stack.
    private static let maximumDepth = 512

    package init(buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    package func error(_ reason: String) -> SyntaxError {
        SyntaxError(offset: position, reason: reason)
    }

    package mutating func skipWhitespace() {
        while position < buffer.count {
            switch buffer[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    package mutating func readValue(depth: Int) throws -> JSONValue {
        guard position < buffer.count else { throw error("unexpected end of input") }
        switch buffer[position] {
        case UInt8(ascii: "{"): return try readObject(depth: depth + 1)
        case UInt8(ascii: "["): return try readArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try readNumber()
        default:
            throw error("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard position + count <= buffer.count else { throw error("unexpected end of input") }
        let start = literal.utf8Start
        for i in 0..<count where buffer[position + i] != start[i] {
            throw error("invalid literal")
        }
        position += count
    }

    private mutating func readObject(depth: Int) throws -> JSONValue {
        guard depth <= Self.maximumDepth else { throw error("nesting too deep") }
        position += 1
        skipWhitespace()
        if position < buffer.count, buffer[position] == UInt8(ascii: "}") {
            position += 1
            return .object([:])
        }
        let base = scratch.count
        defer { scratch.removeSubrange(base...) }
        while true {
            skipWhitespace()
            guard position < buffer.count, buffer[position] == UInt8(ascii: "\"") else {
                throw error("expected a member name")
            }
            let key = try readString()
            skipWhitespace()
            guard position < buffer.count, buffer[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            let value = try readValue(depth: depth)
            scratch.append((key, value))
            skipWhitespace()
            guard position < buffer.count else { throw error("unexpected end of input") }
            let next = buffer[position]
            position += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "}") {
                // A repeated member keeps its last value, as JSONDecoder does.
                return .object(Dictionary(scratch[base...], uniquingKeysWith: { _, last in last }))
            }
            position -= 1
            throw error("expected ',' or '}'")
        }
    }

    private mutating func readArray(depth: Int) throws -> JSONValue {
        guard depth <= Self.maximumDepth else { throw error("nesting too deep") }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < buffer.count, buffer[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try readValue(depth: depth))
            skipWhitespace()
            guard position < buffer.count else { throw error("unexpected end of input") }
            let next = buffer[position]
            position += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "]") { return .array(elements) }
            position -= 1
            throw error("expected ',' or ']'")
        }
    }

    /// Reads a string starting at the opening quote. Strings without escapes (nearly all of
    /// them in API objects) become a `String` straight from the buffer slice.
    package mutating func readString() throws -> String {
        position += 1
        let start = position
        // Eight bytes at a time until a word holds a quote, a backslash or a control byte;
        // a false positive only hands over to the byte loop early.
        let ones: UInt64 = 0x0101_0101_0101_0101
        while position + 8 <= buffer.count {
            let word = buffer.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            let quote = word ^ 0x2222_2222_2222_2222
            let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
            let hit =
                ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | ((word &- 0x2020_2020_2020_2020) & ~word)
            if hit & 0x8080_8080_8080_8080 != 0 { break }
            position += 8
        }
        while position < buffer.count {
            let byte = buffer[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in string") }
            position += 1
        }
        var bytes = [UInt8](UnsafeRawBufferPointer(rebasing: buffer[start..<position]))
        while position < buffer.count {
            let byte = buffer[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                try readEscape(into: &bytes)
            case 0..<0x20:
                throw error("control character in string")
            default:
                bytes.append(byte)
                position += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func readEscape(into bytes: inout [UInt8]) throws {
        guard position < buffer.count else { throw error("unterminated escape") }
        let byte = buffer[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): bytes.append(0x22)
        case UInt8(ascii: "\\"): bytes.append(0x5C)
        case UInt8(ascii: "/"): bytes.append(0x2F)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard position + 1 < buffer.count, buffer[position] == UInt8(ascii: "\\"),
                    buffer[position + 1] == UInt8(ascii: "u")
                else { throw error("unpaired surrogate") }
                position += 2
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw error("unpaired surrogate")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid code point") }
            bytes.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw error("invalid escape")
        }
    }

    private mutating func readHex4() throws -> UInt32 {
        guard position + 4 <= buffer.count else { throw error("short unicode escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = buffer[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid unicode escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Integers that fit in `Int64` stay exact; anything with a fraction, an exponent or
    /// more digits becomes a `Double`, as `JSONValue`'s own decoding does.
    private mutating func readNumber() throws -> JSONValue {
        let start = position
        var negative = false
        if buffer[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        let digitsStart = position
        var magnitude: UInt64 = 0
        var overflow = false
        while position < buffer.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[position]) {
            let digit = UInt64(buffer[position] - UInt8(ascii: "0"))
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(digit)
            overflow = overflow || o1 || o2
            magnitude = sum
            position += 1
        }
        guard position > digitsStart else { throw error("expected a digit") }
        if buffer[digitsStart] == UInt8(ascii: "0"), position - digitsStart > 1 { throw error("leading zero") }
        var isInteger = true
        if position < buffer.count, buffer[position] == UInt8(ascii: ".") {
            position += 1
            let fractionStart = position
            while position < buffer.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[position]) {
                // `1.0` is the integer 1, as JSONDecoder reads it.
                if buffer[position] != UInt8(ascii: "0") { isInteger = false }
                position += 1
            }
            guard position > fractionStart else { throw error("expected a digit after '.'") }
        }
        if position < buffer.count, buffer[position] == UInt8(ascii: "e") || buffer[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < buffer.count, buffer[position] == UInt8(ascii: "+") || buffer[position] == UInt8(ascii: "-") {
                position += 1
            }
            let exponentStart = position
            while position < buffer.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[position]) {
                position += 1
            }
            guard position > exponentStart else { throw error("expected a digit in the exponent") }
        }
        if isInteger, !overflow {
            if negative, magnitude <= UInt64(Int64.max) + 1 {
                return .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
            }
            if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else { throw error("number out of range") }
        // JSONDecoder (and so `JSONValue`'s own decoding) reads any integral value in range
        // as an integer: `2.5e3` is 2500. Keep the same value either way.
        if !overflow, double.rounded() == double, abs(double) < 9.0e15 {
            return .int(Int64(double))
        }
        return .double(double)
    }
}
