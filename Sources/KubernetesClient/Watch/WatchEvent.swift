import KubeObjects

/// One change seen by a watch.
public struct WatchEvent: Sendable, Hashable {
    public enum EventType: String, Sendable, Hashable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        /// No change: the server confirms the watch has seen everything up to
        /// `object.resourceVersion` (the object carries nothing else).
        case bookmark = "BOOKMARK"
    }

    public var type: EventType
    public var object: KubeObject

    public init(type: EventType, object: KubeObject) {
        self.type = type
        self.object = object
    }
}
