import Foundation
import KubeObjects
import MigsyncCore

/// Loads the JSON fixtures under `Fixtures/` (objects as the API server returns them).
enum Fixture {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "fixture \(name).json is not in the test bundle" }
    }

    struct NotMTC: Error, CustomStringConvertible {
        var name: String
        var description: String { "fixture \(name).json is not an MTC object" }
    }

    static func json(_ name: String) throws -> JSONValue {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw Missing(name: name)
        }
        return try JSONValue.parse(Data(contentsOf: url))
    }

    static func object(_ name: String) throws -> KubeObject {
        KubeObject(json: try json(name))
    }

    static func observed(_ name: String) throws -> ObservedObject {
        guard let observed = ObservedObject(object: try object(name)) else { throw NotMTC(name: name) }
        return observed
    }

    static func runState(_ name: String) throws -> RunState {
        RunState(observed: try object(name))
    }
}
