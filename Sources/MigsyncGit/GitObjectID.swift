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
        var copy = oid
        // 40 digits plus the terminator that git_oid_tostr always writes.
        var buffer = [CChar](repeating: 0, count: 41)
        buffer.withUnsafeMutableBufferPointer { _ = git_oid_tostr($0.baseAddress, 41, &copy) }
        hex = String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
