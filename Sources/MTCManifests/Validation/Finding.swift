/// One problem found in a manifest repository, pointing at the file, line and column.
public struct Finding: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        /// The repository must not be applied as is.
        case error
        /// Worth fixing, but applying is still safe (the field or object would be ignored).
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// A stable identifier of the check (`schema.required`, `reference.unresolved`), for JSON
    /// output and for tests that must not depend on wording.
    public var code: String

    public init(_ severity: Severity, _ code: String, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
    }

    /// `path:line:col: error: message`, the compiler form editors and CI annotate from.
    public var description: String {
        "\(location): \(severity.rawValue): \(message)"
    }

    public static func < (lhs: Finding, rhs: Finding) -> Bool {
        (lhs.location, lhs.severity, lhs.message, lhs.code) < (rhs.location, rhs.severity, rhs.message, rhs.code)
    }

    enum CodingKeys: String, CodingKey {
        case severity, file, line, column, message, code
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        severity = try c.decode(Severity.self, forKey: .severity)
        code = try c.decode(String.self, forKey: .code)
        message = try c.decode(String.self, forKey: .message)
        location = SourceLocation(
            file: try c.decode(String.self, forKey: .file), line: try c.decode(Int.self, forKey: .line),
            column: try c.decode(Int.self, forKey: .column))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(severity, forKey: .severity)
        try c.encode(location.file, forKey: .file)
        try c.encode(location.line, forKey: .line)
        try c.encode(location.column, forKey: .column)
        try c.encode(code, forKey: .code)
        try c.encode(message, forKey: .message)
    }
}
