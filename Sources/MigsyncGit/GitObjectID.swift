import CLibgit2

/// The SHA-1 name of a Git object (commit, tree, blob), as 40 lowercase hex digits.
public struct GitObjectID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The full 40-digit lowercase hex form.
    public let hex: String

    /// Accepts exactly 40 hex digits (either case); anything else is `nil`.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ Self.isHexDigit($0) }) else { return nil }
        self.hex = hex.lowercased()
    }

    init(_ oid: git_oid) {
        // Formatted by hand into the string's own storage: tree listings make one id per file,
        // and going through git_oid_tostr and a temporary array per id dominated their cost.
        hex = withUnsafeBytes(of: oid.id) { bytes in
            String(unsafeUninitializedCapacity: 40) { buffer in
                let digits: StaticString = "0123456789abcdef"
                let table = digits.utf8Start
                for index in 0..<20 {
                    let byte = bytes[index]
                    buffer[2 * index] = table[Int(byte >> 4)]
                    buffer[2 * index + 1] = table[Int(byte & 0x0F)]
                }
                return 40
            }
        }
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    /// The libgit2 form, for passing to C calls.
    var oid: git_oid {
        var result = git_oid()
        _ = hex.withCString { git_oid_fromstrn(&result, $0, 40) }
        return result
    }

    /// The first seven digits, the usual abbreviation in messages.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    public static func < (lhs: GitObjectID, rhs: GitObjectID) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = GitObjectID(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a 40-digit object id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
    }
}
