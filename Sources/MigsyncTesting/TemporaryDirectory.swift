import Foundation

/// A directory under the system's temporary folder that is removed when the value is released.
///
/// Tests make real repositories, emulator state and kubeconfigs in these, so that every test
/// starts from nothing and leaves nothing behind.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "migsync-test") throws {
        let base = FileManager.default.temporaryDirectory.path
        let path = "\(base)/\(prefix)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
    }

    /// `path/relative`, with intermediate directories created.
    public func subdirectory(_ relative: String) throws -> String {
        let full = "\(path)/\(relative)"
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }

    /// Writes `contents` to `path/relative`, creating intermediate directories.
    @discardableResult
    public func write(_ contents: String, to relative: String) throws -> String {
        let full = "\(path)/\(relative)"
        let parent = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
        return full
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
