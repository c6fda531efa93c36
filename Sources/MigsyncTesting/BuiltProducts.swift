import Foundation

/// Executables SwiftPM built beside the test bundle (`migsync`, `migsync-bench`), for tests that
/// run the command line as a user would.
public enum BuiltProducts {
    /// The directory holding the test bundle, which is where SwiftPM puts the package's
    /// executables too.
    public static var directory: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").standardizedFileURL
        var candidate = bundle.deletingLastPathComponent()
        // `swift test` runs `<products>/<name>.xctest`; walk up until a sibling executable shows.
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: candidate.appendingPathComponent("migsync").path) {
            candidate = candidate.deletingLastPathComponent()
        }
        return candidate.path
    }

    /// The path of the built executable `name`.
    public static func executable(_ name: String) throws -> String {
        let path = "\(directory)/\(name)"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSetupError("\(name) is not built at \(path); run `swift build --build-tests` first")
        }
        return path
    }
}
