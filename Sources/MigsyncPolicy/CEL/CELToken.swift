/// One lexical token of a CEL expression, with where it starts.
struct CELToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case int(UInt64)  // magnitude; the sign is applied by the parser so `-9223372036854775808` fits
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case identifier(String)
        case keyword(String)  // true, false, null, in
        case reserved(String)
        case punct(String)
        case end
    }

    var kind: Kind
    var line: Int
    var column: Int
}
