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
    ///
    /// The object itself is kept as its compact JSON bytes, not as a tree: a daemon holds
    /// every object of the managed namespace between passes, a JSON tree costs hundreds of
    /// small allocations per object, and a pass reads whole objects only for the few it
    /// writes. What every pass asks of every object is read out once here instead.
    private final class Storage: Sendable {
        enum Body: Sendable {
            case encoded([UInt8])
            /// An object JSON cannot carry as written (a non-finite number); kept as is.
            case tree(KubeObject)
        }

        let body: Body
        let kind: MTCKind
        let key: ObjectKey
        let version: Version?
        /// Read once per observed version: readiness is asked of every object on every pass.
        /// Kept in display order, so every status note of this version shares this array.
        let conditions: [MTCCondition]
        /// Of the labels and annotations, only what migsync reads (see `MigsyncMetadata`).
        let isManagedByMigsync: Bool
        let revisionAnnotation: String?
        let sourceAnnotation: String?
        let planNameLabel: String?
        /// What a plan or run references (empty for other kinds).
        let references: [ObjectKey]
        /// A run's state (runs only).
        let runState: RunState?
        let isClosingRequested: Bool

        init(object: KubeObject, kind: MTCKind) {
            if let bytes = try? object.json.serializedBytes() {
                // Serialising grows its array by doubling, leaving up to half of it unused;
                // kept for every object between passes, the bytes get an array of their size.
                body = .encoded(
                    [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
                        count = buffer.initialize(fromContentsOf: bytes)
                    })
            } else {
                body = .tree(object)
            }
            // What is kept repeats across objects (namespaces, condition texts, the
            // revision), so it is kept as the pool's shared copies.
            let pool = StringPool.observed
            self.kind = kind
            self.key = DesiredObject.key(of: object, kind: kind).pooled(in: pool)
            self.version = ObservedObject.version(of: object)
            self.conditions = MTCCondition.sortedForDisplay(MTCCondition.list(in: object)).map {
                $0.pooled(in: pool)
            }
            let metadata = object.json["metadata"]
            self.isManagedByMigsync =
                metadata?["labels"]?[MigsyncMetadata.managedByLabel]?.stringValue == MigsyncMetadata.managedByValue
            self.planNameLabel = kind.isRun ? metadata?["labels"]?[MigsyncMetadata.planNameLabel]?.stringValue : nil
            self.revisionAnnotation = pool.shared(
                metadata?["annotations"]?[MigsyncMetadata.revisionAnnotation]?.stringValue)
            self.sourceAnnotation = metadata?["annotations"]?[MigsyncMetadata.sourceAnnotation]?.stringValue
            self.references = References.of(object, kind: kind).map { $0.pooled(in: pool) }
            self.runState = kind.isRun ? RunState(observed: object) : nil
            self.isClosingRequested = object.spec?["closed"]?.boolValue ?? false
        }

        /// The object, decoded again from its bytes on each call: callers that need it
        /// more than once keep the result.
        var object: KubeObject {
            switch body {
            case .tree(let object):
                return object
            case .encoded(let bytes):
                // The bytes were written by `serializedBytes()` above, so they parse.
                return KubeObject(json: (try? JSONReader.parse(bytes)) ?? .null)
            }
        }
    }

    private var storage: Storage

    /// `true` when both are the same stored object, not only equal ones: a check that costs
    /// a pointer comparison, for telling which inputs of a pass are new.
    func isIdentical(to other: ObservedObject) -> Bool { storage === other.storage }

    /// The whole object as read. Decoded on each access (see `Storage`): read it once into a
    /// local when it is used several times.
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
        if lhs.storage === rhs.storage { return true }
        if case .encoded(let left) = lhs.storage.body, case .encoded(let right) = rhs.storage.body {
            return left == right
        }
        return lhs.object == rhs.object
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
    public var isManagedByMigsync: Bool { storage.isManagedByMigsync }

    /// The revision migsync last wrote onto the object, if any.
    public var revision: Revision? {
        storage.revisionAnnotation.flatMap(Revision.init(parsing:))
    }

    /// The repository path migsync last wrote onto the object, if any.
    public var sourcePath: String? { storage.sourceAnnotation }

    /// The plan MTC labels a run with (`migration.openshift.io/migplan-name`); runs only.
    public var planNameLabel: String? { storage.planNameLabel }

    /// The objects a plan or a run references, as ``References/of(_:kind:)`` reads them.
    public var references: [ObjectKey] { storage.references }

    /// A run's state as MTC reports it; `nil` for other kinds.
    public var runState: RunState? { storage.runState }

    /// MTC's conditions on the object, in ``MTCCondition/sortedForDisplay(_:)`` order.
    public var conditions: [MTCCondition] { storage.conditions }

    /// MTC says "ready" only by the presence of a true `Ready` condition.
    public var isReady: Bool { conditions.contains { $0.type == "Ready" && $0.status } }

    /// A plan counts as closed once MTC has acknowledged it with the `Closed` condition.
    public var isClosed: Bool { conditions.contains { $0.type == "Closed" && $0.status } }

    /// `spec.closed` as written, whether or not MTC has acted on it yet.
    public var isClosingRequested: Bool { storage.isClosingRequested }

    /// The conditions that keep MTC from making the object ready, most severe first.
    public var blockingConditions: [MTCCondition] {
        conditions.filter(\.isBlocking)
    }
}
