import Foundation

/// Paths inside this source checkout, for tests that read `examples/` and `policies/`.
public enum RepositoryRoot {
    /// The package root, found from this file's location (`Sources/MigsyncTesting/…`).
    public static var path: String {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// `<root>/<relative>`.
    public static func file(_ relative: String) -> String { "\(path)/\(relative)" }
}
