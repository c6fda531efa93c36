import MTCManifests

/// A problem in a policy file, pointing at the place to fix.
public struct PolicyFinding: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// `path:line:col: error: message`, the form compilers print so editors can jump to it.
    public var description: String { "\(location): error: \(message)" }
}

/// A policy file handed to the loader: its repository path and its text.
public struct PolicySource: Sendable, Hashable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
