/// A manifest that could not be loaded in this pass.
///
/// The core only needs to know that one exists (a broken file is never read as a deletion,
/// so pruning stops) and where it is, to report it.
public struct ManifestFailure: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `plans/shop.yaml:12: message`.
    public var description: String {
        let location = line.map { "\(path):\($0)" } ?? path
        return "\(location): \(message)"
    }
}
