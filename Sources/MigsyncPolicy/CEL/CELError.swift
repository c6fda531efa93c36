/// Why a CEL expression could not be parsed or evaluated.
///
/// The kinds follow the error classes the CEL specification names, so results can be compared
/// with other implementations (the differential tests compare kinds, not messages).
public struct CELError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A map key, message field or variable that does not exist.
        case noSuchKey
        /// An operator or function applied to types it is not defined for.
        case noMatchingOverload
        /// Integer division or modulus by zero.
        case divisionByZero
        /// An integer, timestamp or duration result outside its range.
        case overflow
        /// A value the function cannot accept: an index out of range, a malformed timestamp.
        case invalidArgument
        /// The expression's text is not CEL (or not the subset supported here).
        case parse
    }

    public var kind: Kind
    public var message: String
    /// 1-based line and column inside the expression text, for parse errors.
    public var line: Int?
    public var column: Int?

    public init(_ kind: Kind, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        if let line, let column { return "\(line):\(column): \(message)" }
        return message
    }

    static func overload(_ function: String, _ arguments: CELValue...) -> CELError {
        CELError(
            .noMatchingOverload,
            "no matching overload for '\(function)' applied to (\(arguments.map(\.typeName).joined(separator: ", ")))")
    }
}
