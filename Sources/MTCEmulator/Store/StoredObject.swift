public import Foundation
public import KubeObjects

/// An object as the store holds it: the parsed value and its JSON bytes, serialised once per
/// write so that lists and watches can send thousands of objects without re-encoding them.
public struct StoredObject: Sendable, Hashable {
    public var object: KubeObject
    public var json: Data
    public var resourceVersion: Int64

    init(object: KubeObject, resourceVersion: Int64) throws {
        self.object = object
        self.json = try object.json.serialized()
        self.resourceVersion = resourceVersion
    }

    init(object: KubeObject, json: Data, resourceVersion: Int64) {
        self.object = object
        self.json = json
        self.resourceVersion = resourceVersion
    }
}

/// One entry of the event log with the object's bytes, for watch streams.
public struct StoredEvent: Sendable, Hashable {
    public var kind: StoreEvent.Kind
    public var typeKey: String
    public var stored: StoredObject
    /// For a modification, the labels the object had before it; nil when unknown (events
    /// read back from disk), so label-selected watches can turn it into ADDED or DELETED.
    public var previousLabels: [String: String]?

    public var resourceVersion: Int64 { stored.resourceVersion }

    public var event: StoreEvent {
        StoreEvent(kind: kind, object: stored.object, resourceVersion: stored.resourceVersion)
    }
}
