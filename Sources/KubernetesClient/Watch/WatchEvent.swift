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

    /// Marks the bookmark that ends a list's events: the stream has then reported every
    /// object of a consistent list. Kubernetes uses the same annotation for the same purpose
    /// (`sendInitialEvents`).
    public static let initialEventsEndAnnotation = "k8s.io/initial-events-end"

    /// The bookmark a watch yields after the events of a list, at the list's version.
    static func initialEventsEnd(resourceVersion: String) -> WatchEvent {
        WatchEvent(
            type: .bookmark,
            object: KubeObject(
                json: .object([
                    "metadata": .object([
                        "resourceVersion": .string(resourceVersion),
                        "annotations": .object([initialEventsEndAnnotation: .string("true")]),
                    ])
                ])))
    }

    /// `true` for the bookmark that ends a list's events.
    public var isInitialEventsEnd: Bool {
        type == .bookmark && object.annotations[Self.initialEventsEndAnnotation] == "true"
    }
}
