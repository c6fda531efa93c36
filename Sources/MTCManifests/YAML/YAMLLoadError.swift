/// Why a file could not be read as YAML. Each is reported once, for the whole file.
public struct YAMLLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case tooLarge
        case binary
        case notUTF8
        case syntax
        case duplicateKey
        case tooDeep
        case aliasExpansion
        case unsupportedKey
        case io
    }

    public var kind: Kind
    public var message: String
    /// Where the problem is, when it has a place (a size limit does not).
    public var position: SourcePosition?

    public init(_ kind: Kind, _ message: String, at position: SourcePosition? = nil) {
        self.kind = kind
        self.message = message
        self.position = position
    }

    public var description: String {
        if let position { return "\(position): \(message)" }
        return message
    }
}
