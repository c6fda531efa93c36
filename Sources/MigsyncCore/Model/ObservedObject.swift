import KubeObjects

/// An MTC object as read from the cluster, with the views the core needs read out once.
public struct ObservedObject: Sendable, Hashable {
    /// Which version of which object this is: `uid` plus `resourceVersion`. Two observations
    /// with the same version hold the same content, which lets a pass reuse what it
    /// computed from the last one.
    public struct Version: Sendable, Hashable {
        public var uid: String?
        public var resourceVersion: String

        public init(uid: String?, resourceVersion: String) {
            self.uid = uid
            self.resourceVersion = resourceVersion
        }
    }

    /// The fields live in one immutable box: a pass copies each object into several indexes,
    /// and copying one reference is cheaper than copying every string in it.
    private final class Storage: Sendable {
        let object: KubeObject
        let kind: MTCKind
        let key: ObjectKey
        let version: Version?
        /// Read once per observed version: readiness is asked of every object on every pass.
        let conditions: [MTCCondition]

        init(object: KubeObject, kind: MTCKind) {
            self.object = object
            self.kind = kind
            self.key = DesiredObject.key(of: object, kind: kind)
            self.version = ObservedObject.version(of: object)
            self.conditions = MTCCondition.list(in: object)
        }
    }

    private var storage: Storage

    public var object: KubeObject {
        get { storage.object }
        set { storage = Storage(object: newValue, kind: kind) }
    }

    public var kind: MTCKind { storage.kind }

    /// Read out of the object once: keys are looked up many times per pass.
    public var key: ObjectKey { storage.key }

    /// `nil` when the object carries no `resourceVersion` (never the case for objects read
    /// from an API server).
    public var version: Version? { storage.version }

    /// Wraps an object read from the cluster; `nil` when it is not an MTC kind.
    public init?(object: KubeObject) {
        guard let kind = MTCKind(kind: object.kind, apiVersion: object.apiVersion) else { return nil }
        storage = Storage(object: object, kind: kind)
    }

    public static func == (lhs: ObservedObject, rhs: ObservedObject) -> Bool {
        lhs.storage === rhs.storage || lhs.object == rhs.object
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(version)
    }

    private static func version(of object: KubeObject) -> Version? {
        object.resourceVersion.map { Version(uid: object.uid, resourceVersion: $0) }
    }

    /// `true` when both observations are known to be the same version of the object.
    func isSameVersion(as other: ObservedObject) -> Bool {
        guard version != nil else { return false }
        return storage === other.storage || version == other.version
    }

    /// Only objects carrying migsync's label may be pruned.
    public var isManagedByMigsync: Bool {
        object.labels[MigsyncMetadata.managedByLabel] == MigsyncMetadata.managedByValue
    }

    /// The revision migsync last wrote onto the object, if any.
    public var revision: Revision? {
        object.annotations[MigsyncMetadata.revisionAnnotation].flatMap(Revision.init(parsing:))
    }

    /// The repository path migsync last wrote onto the object, if any.
    public var sourcePath: String? { object.annotations[MigsyncMetadata.sourceAnnotation] }

    public var conditions: [MTCCondition] { storage.conditions }

    /// MTC says "ready" only by the presence of a true `Ready` condition.
    public var isReady: Bool { conditions.contains { $0.type == "Ready" && $0.status } }

    /// A plan counts as closed once MTC has acknowledged it with the `Closed` condition.
    public var isClosed: Bool { conditions.contains { $0.type == "Closed" && $0.status } }

    /// `spec.closed` as written, whether or not MTC has acted on it yet.
    public var isClosingRequested: Bool { object.spec?["closed"]?.boolValue ?? false }

    /// The conditions that keep MTC from making the object ready, most severe first.
    public var blockingConditions: [MTCCondition] {
        MTCCondition.sortedForDisplay(conditions.filter(\.isBlocking))
    }
}
