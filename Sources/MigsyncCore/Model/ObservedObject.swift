import KubeObjects

/// An MTC object as read from the cluster, with the views the core needs read out once.
public struct ObservedObject: Sendable, Hashable {
    public var object: KubeObject {
        didSet { key = DesiredObject.key(of: object, kind: kind) }
    }
    public let kind: MTCKind
    /// Read out of the object once: keys are looked up many times per pass.
    public private(set) var key: ObjectKey

    /// Wraps an object read from the cluster; `nil` when it is not an MTC kind.
    public init?(object: KubeObject) {
        guard let kind = MTCKind(kind: object.kind, apiVersion: object.apiVersion) else { return nil }
        self.object = object
        self.kind = kind
        self.key = DesiredObject.key(of: object, kind: kind)
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

    public var conditions: [MTCCondition] { MTCCondition.list(in: object) }

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
