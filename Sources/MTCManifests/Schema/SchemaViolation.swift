/// One way a manifest breaks its CRD's schema, as the API server would report it.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A required field is absent (or null).
        case required
        /// A value has the wrong JSON type.
        case type
        /// A member the schema does not declare; the API server prunes it silently, which is
        /// why it is worth a warning in Git.
        case unknownField
        /// A value outside the schema's `enum`.
        case `enum`
        /// A string that does not match its `format` (e.g. `byte` = base64).
        case format
        /// A string that does not match its `pattern`.
        case pattern
    }

    /// Field path, e.g. `spec.srcMigClusterRef.name` or `spec.hooks[0].phase`.
    public var path: String
    public var kind: Kind
    public var message: String

    public init(path: String, kind: Kind, message: String) {
        self.path = path
        self.kind = kind
        self.message = message
    }

    /// `path: message`.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
