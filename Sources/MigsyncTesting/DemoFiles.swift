import Foundation

/// Files of the sample repository `examples/demo`, to commit into test repositories: tests
/// reconcile the same manifests users are shown, so a broken sample fails a test.
public enum DemoFiles {
    /// The files under each of `folders` (or the single file a name gives), keyed by their
    /// path in the repository.
    public static func files(_ folders: [String]) throws -> [String: String?] {
        var files: [String: String?] = [:]
        let root = RepositoryRoot.file("examples/demo")
        for folder in folders {
            let path = "\(root)/\(folder)"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                for name in try FileManager.default.contentsOfDirectory(atPath: path) {
                    files["\(folder)/\(name)"] = try String(contentsOfFile: "\(path)/\(name)", encoding: .utf8)
                }
            } else {
                files[folder] = try String(contentsOfFile: path, encoding: .utf8)
            }
        }
        return files
    }
}
