/// Identifies one MTC object across Git, the cluster and the status notes.
///
/// Ordering follows the apply order (kind tier, then namespace, then name) so every list the
/// core returns is deterministic and reads in the order a pass works through it.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Where MTC objects live when a manifest names no namespace; mig-controller watches
    /// only this namespace.
    public static let defaultNamespace = "openshift-migration"

    public var kind: MTCKind {
        didSet { hashValueCache = Self.hash(kind, namespace, name) }
    }
    public var namespace: String {
        didSet { hashValueCache = Self.hash(kind, namespace, name) }
    }
    public var name: String {
        didSet { hashValueCache = Self.hash(kind, namespace, name) }
    }
    /// Keys are hashed several times per object per pass (every index is keyed by them), so
    /// the hash of the two strings is computed once.
    private var hashValueCache: Int

    public init(kind: MTCKind, namespace: String = ObjectKey.defaultNamespace, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.hashValueCache = Self.hash(kind, namespace, name)
    }

    private static func hash(_ kind: MTCKind, _ namespace: String, _ name: String) -> Int {
        var hasher = Hasher()
        hasher.combine(kind)
        hasher.combine(namespace)
        hasher.combine(name)
        return hasher.finalize()
    }

    public static func == (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        lhs.hashValueCache == rhs.hashValueCache && lhs.kind == rhs.kind && lhs.name == rhs.name
            && lhs.namespace == rhs.namespace
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hashValueCache)
    }

    /// `MigPlan/shop`, or `MigPlan/other-ns/shop` outside the default namespace.
    public var description: String {
        namespace == Self.defaultNamespace ? "\(kind)/\(name)" : "\(kind)/\(namespace)/\(name)"
    }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        if lhs.kind != rhs.kind { return lhs.kind.rank < rhs.kind.rank }
        if lhs.namespace != rhs.namespace { return lhs.namespace < rhs.namespace }
        return lhs.name < rhs.name
    }
}

extension ObjectKey {
    /// This key with its namespace replaced by `pool`'s shared copy (names rarely repeat).
    func pooled(in pool: StringPool) -> ObjectKey {
        ObjectKey(kind: kind, namespace: pool.shared(namespace), name: name)
    }
}
