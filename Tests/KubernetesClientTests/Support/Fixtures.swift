import Foundation

/// Files under `Tests/KubernetesClientTests/Fixtures`, copied into the test bundle.
enum Fixtures {
    static var directory: String {
        Bundle.module.resourcePath.map { "\($0)/Fixtures" } ?? ""
    }

    static func path(_ relative: String) -> String { "\(directory)/\(relative)" }

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(relative))))
    }
}
