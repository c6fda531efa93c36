/// Identifies one MTC object across Git, the cluster and the status notes.
///
/// Ordering follows the apply order (kind tier, then namespace, then name) so every list the
/// core returns is deterministic and reads in the order a pass works through it.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Where MTC objects live when a manifest names no namespace; mig-controller watches
    /// only this namespace.
    public static let defaultNamespace = "openshift-migration"

    public var kind: MTCKind
    public var namespace: String
    public var name: String

    public init(kind: MTCKind, namespace: String = ObjectKey.defaultNamespace, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
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
