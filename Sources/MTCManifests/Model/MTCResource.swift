import KubeObjects

/// A typed MTC object (MigCluster, MigStorage, MigHook, MigPlan, MigMigration).
///
/// Each keeps the JSON it was read from (`raw`), so fields this model does not know (a newer
/// CRD, a typo the validator warns about) survive a round trip; `json` rebuilds the object
/// from the typed parts plus whatever `raw` has beyond them.
public protocol MTCResource: Sendable, Hashable, JSONRepresentable {
    associatedtype Spec: Sendable, Hashable, JSONRepresentable
    static var resourceType: ResourceType { get }
    var metadata: ObjectMetadata { get set }
    var spec: Spec { get set }
    var raw: JSONValue { get }
    init(json: JSONValue)
}

extension MTCResource {
    public var name: String? { metadata.name }
    public var namespace: String? { metadata.namespace }

    public var json: JSONValue {
        var members = raw.objectValue ?? [:]
        members["apiVersion"] = .string(Self.resourceType.apiVersion)
        members["kind"] = .string(Self.resourceType.kind)
        members["metadata"] = metadata.json
        members["spec"] = spec.json
        return .object(members)
    }
}

/// Any of the five MTC kinds, chosen by `kind`.
///
/// `indirect`: the typed objects are hundreds of bytes each, and every manifest document
/// carries one through the loader's cache, the manifest set and their copies. Boxed, each
/// copy is one reference instead of the whole struct (a repository of ten thousand
/// manifests held about 20 MB of inline copies).
public indirect enum MTCObject: Sendable, Hashable {
    case cluster(MigCluster)
    case storage(MigStorage)
    case hook(MigHook)
    case plan(MigPlan)
    case migration(MigMigration)

    /// The typed object for a `migration.openshift.io/v1alpha1` document, or `nil` for other kinds.
    public init?(json: JSONValue) {
        guard json["apiVersion"]?.stringValue == ResourceType.migCluster.apiVersion else { return nil }
        switch json["kind"]?.stringValue {
        case MigCluster.resourceType.kind: self = .cluster(MigCluster(json: json))
        case MigStorage.resourceType.kind: self = .storage(MigStorage(json: json))
        case MigHook.resourceType.kind: self = .hook(MigHook(json: json))
        case MigPlan.resourceType.kind: self = .plan(MigPlan(json: json))
        case MigMigration.resourceType.kind: self = .migration(MigMigration(json: json))
        default: return nil
        }
    }

    public var resource: any MTCResource {
        switch self {
        case .cluster(let o): return o
        case .storage(let o): return o
        case .hook(let o): return o
        case .plan(let o): return o
        case .migration(let o): return o
        }
    }

    public var resourceType: ResourceType { type(of: resource).resourceType }
    public var metadata: ObjectMetadata { resource.metadata }
    public var raw: JSONValue { resource.raw }
    public var json: JSONValue { resource.json }
}
