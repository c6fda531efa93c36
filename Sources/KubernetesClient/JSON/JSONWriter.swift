import KubeObjects

/// Serialises `JSONValue` to compact JSON bytes with object keys in sorted order, so equal
/// values always give equal request bodies (and tests can compare them byte for byte).
struct JSONWriter {
    /// A value JSON cannot carry (a non-finite number).
    struct UnrepresentableValue: Error, Sendable, CustomStringConvertible {
        var description: String { "a non-finite number cannot be written as JSON" }
    }

    static func serialize(_ value: JSONValue) throws -> [UInt8] {
        var writer = JSONWriter()
        writer.output.reserveCapacity(256)
        try writer.write(value)
        return writer.output
    }

    private var output: [UInt8] = []

    private mutating func write(_ value: JSONValue) throws {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let b): output.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): output.append(contentsOf: String(i).utf8)
        case .double(let d):
            guard d.isFinite else { throw UnrepresentableValue() }
            if d.rounded() == d, abs(d) < 1e15 {
                output.append(contentsOf: String(Int64(d)).utf8)
            } else {
                output.append(contentsOf: "\(d)".utf8)
            }
        case .string(let s): writeString(s)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try write(element)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key)
                output.append(UInt8(ascii: ":"))
                // The key came from this dictionary, so the lookup cannot miss.
                try write(members[key] ?? .null)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ string: String) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                output.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                output.append(Self.hexDigits[Int(byte >> 4)])
                output.append(Self.hexDigits[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
