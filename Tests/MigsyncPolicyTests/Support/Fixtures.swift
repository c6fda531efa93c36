import Foundation
import KubeObjects

/// Reads the test target's fixture files.
enum Fixtures {
    static func url(_ relative: String) throws -> URL {
        guard let base = Bundle.module.resourceURL?.appendingPathComponent("Fixtures") else {
            throw FixtureError("the test bundle has no Fixtures folder")
        }
        return base.appendingPathComponent(relative)
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    static func json(_ relative: String) throws -> JSONValue {
        try JSONValue.parse(Data(contentsOf: url(relative)))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
