public import KubeObjects

/// Where the emulator keeps its objects: the API server and the emulated mig-controller both
/// read and write through this, so a write by either is seen by watchers of the other.
///
/// Implementations assign `metadata.uid`, `resourceVersion` (one counter for the whole store,
/// as a decimal string), `generation` (1 on create, +1 when `spec` changes) and
/// `creationTimestamp`, expand `generateName`, and keep every change in an event log that
/// watches replay from a resource version.
public protocol ObjectStore: Sendable {
    func get(_ type: ResourceType, namespace: String?, name: String) throws -> KubeObject?

    /// Objects of a type, in one namespace or (nil) all, ordered by namespace then name.
    func list(_ type: ResourceType, namespace: String?) throws -> [KubeObject]

    /// Throws `StoreError.alreadyExists` when the name is taken.
    func create(_ object: KubeObject, as type: ResourceType) throws -> KubeObject

    /// Replaces the object. When `object.resourceVersion` is set and differs from the stored
    /// one, throws `StoreError.conflict`.
    func update(_ object: KubeObject, as type: ResourceType) throws -> KubeObject

    /// Throws `StoreError.notFound` when absent; returns the deleted object.
    func delete(_ type: ResourceType, namespace: String?, name: String) throws -> KubeObject

    /// The store's latest resource version.
    func currentResourceVersion() throws -> Int64

    /// Changes after `resourceVersion` (exclusive), oldest first. Throws `StoreError.gone`
    /// when the log no longer reaches back that far.
    func events(of type: ResourceType, namespace: String?, after resourceVersion: Int64, limit: Int) throws
        -> [StoreEvent]

    /// Emulator-internal state that is not an API object (e.g. inventory workloads' replica
    /// counts, data already copied by stage runs), kept so a restarted emulator resumes.
    func loadState(key: String) throws -> [UInt8]?
    func saveState(key: String, value: [UInt8]) throws
}

/// One change in the store's event log.
public struct StoreEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    public var kind: Kind
    public var object: KubeObject
    public var resourceVersion: Int64

    public init(kind: Kind, object: KubeObject, resourceVersion: Int64) {
        self.kind = kind
        self.object = object
        self.resourceVersion = resourceVersion
    }
}

public enum StoreError: Error, Sendable, Equatable {
    case notFound(kind: String, name: String)
    case alreadyExists(kind: String, name: String)
    case conflict(kind: String, name: String)
    case gone(resourceVersion: Int64)
    case invalid(String)
}
