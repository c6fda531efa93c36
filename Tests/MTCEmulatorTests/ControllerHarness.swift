import Foundation
import KubeObjects
import Logging
import MTCEmulator
import Yams

/// The emulated mig-controller over a real in-memory SQLite store, driven by a manual clock:
/// tests create objects, advance time and run passes exactly when they choose.
final class ControllerHarness: @unchecked Sendable {
    let store: SQLiteObjectStore
    let clock = ManualControllerClock()
    private(set) var controller: MigController
    let namespace = "openshift-migration"

    init(
        inventory: Inventory = .default, timeScale: Double = 1,
        fixtures: [String] = ["clusters-and-storage"]
    ) throws {
        store = try SQLiteObjectStore.inMemory()
        controller = Self.makeController(
            store: store, inventory: inventory, timeScale: timeScale, clock: clock)
        for fixture in fixtures { try apply(fixture: fixture) }
    }

    static func makeController(
        store: SQLiteObjectStore, inventory: Inventory, timeScale: Double, clock: ManualControllerClock
    ) -> MigController {
        var logger = Logger(label: "controller-tests")
        logger.logLevel = .warning
        return MigController(
            store: store, inventory: inventory, timeScale: timeScale, clock: clock,
            settings: MigControllerSettings(), logger: logger)
    }

    /// A new controller on the same store, as after an emulator restart (optionally with a
    /// changed inventory).
    func restart(inventory: Inventory = .default, timeScale: Double = 1) {
        controller = Self.makeController(
            store: store, inventory: inventory, timeScale: timeScale, clock: clock)
    }

    // MARK: Objects

    /// Creates every document of `Fixtures/controller/<name>.yaml`.
    func apply(fixture name: String) throws {
        try apply(yaml: try Self.fixture(name))
    }

    /// Creates every document of a YAML text.
    @discardableResult
    func apply(yaml: String) throws -> [KubeObject] {
        try Self.objects(yaml: yaml).map { object in
            guard let type = ResourceType.forKind(object.kind, apiVersion: object.apiVersion) else {
                throw FixtureError("no resource type for \(object.apiVersion) \(object.kind)")
            }
            return try store.create(object, as: type)
        }
    }

    func get(_ type: ResourceType, _ name: String) throws -> KubeObject {
        guard let object = try store.get(type, namespace: namespace, name: name) else {
            throw FixtureError("\(type.kind) \(name) not found")
        }
        return object
    }

    /// Applies `change` to an object and writes it back.
    func modify(_ type: ResourceType, _ name: String, _ change: (inout KubeObject) -> Void) throws {
        var object = try get(type, name)
        change(&object)
        _ = try store.update(object, as: type)
    }

    func conditions(_ type: ResourceType, _ name: String) throws -> [String: MTCCondition] {
        Dictionary(
            MTCCondition.list(in: try get(type, name)).map { ($0.type, $0) },
            uniquingKeysWith: { first, _ in first })
    }

    // MARK: Time and passes

    /// Runs passes (advancing the clock by `step` before each) until one changes nothing.
    func settle(step: Duration = .seconds(1), maxPasses: Int = 50) async throws {
        for _ in 0..<maxPasses {
            let before = try store.currentResourceVersion()
            clock.advance(by: step)
            await controller.reconcileAll()
            if try store.currentResourceVersion() == before { return }
        }
        throw FixtureError("the controller did not settle in \(maxPasses) passes")
    }

    /// Runs passes until `done` holds for the migration; returns every phase it showed,
    /// consecutive repeats removed.
    @discardableResult
    func run(
        migration name: String, step: Duration = .seconds(5), maxPasses: Int = 400,
        until done: (KubeObject) -> Bool = { ($0.status?["phase"]?.stringValue ?? "") == "Completed" }
    ) async throws -> [String] {
        var phases: [String] = []
        for _ in 0..<maxPasses {
            let object = try get(.migMigration, name)
            let phase = object.status?["phase"]?.stringValue ?? ""
            if phases.last != phase { phases.append(phase) }
            if done(object) { return phases }
            clock.advance(by: step)
            await controller.reconcileAll()
        }
        throw FixtureError(
            "migration \(name) did not get there in \(maxPasses) passes; phases: \(phases)")
    }

    // MARK: YAML

    static func fixture(_ name: String) throws -> String {
        guard let base = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw FixtureError("Fixtures folder missing from the test bundle")
        }
        return try String(
            contentsOf: base.appendingPathComponent("controller/\(name).yaml"), encoding: .utf8)
    }

    static func objects(yaml: String) throws -> [KubeObject] {
        var documents = try Yams.load_all(yaml: yaml)
        var objects: [KubeObject] = []
        while let document = documents.next() { objects.append(KubeObject(json: try json(document))) }
        if let error = documents.error { throw error }
        return objects
    }

    private static func json(_ value: Any) throws -> JSONValue {
        switch value {
        case let v as Bool: return .bool(v)
        case let v as Int: return .int(Int64(v))
        case let v as Double: return .double(v)
        case let v as String: return .string(v)
        case let v as [Any]: return .array(try v.map(json))
        case let v as [String: Any]: return .object(try v.mapValues(json))
        case let v as [AnyHashable: Any]:
            var members: [String: JSONValue] = [:]
            for (key, item) in v { members["\(key)"] = try json(item) }
            return .object(members)
        case is NSNull: return .null
        default: throw FixtureError("unsupported YAML value \(value)")
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension KubeObject {
    var phase: String { status?["phase"]?.stringValue ?? "" }
    var conditionTypes: Set<String> { Set(MTCCondition.list(in: self).map(\.type)) }
}
