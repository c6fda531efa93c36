import Foundation
import KubeObjects

/// Checks a loaded repository the way mig-controller and the API server would, before any of
/// it reaches a cluster.
///
/// Errors are what the API server would reject or what would leave a plan or run blocked on
/// a Critical condition; warnings are what would be silently ignored (pruned fields, objects
/// outside `openshift-migration`, kinds migsync does not manage).
///
/// Checks of a single object are remembered per blob, so validating the next commit redoes
/// them only for changed files; checks across objects (references, duplicates, plan
/// conflicts) run on every call. Keep one `Validator` per repository being followed.
public final class Validator: @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: [Finding]] = [:]
    private var cacheSettings: RepositorySettings?
    private var lastChecked = 0

    public init() {}

    /// Objects whose single-object checks ran (rather than came from the cache) in the most
    /// recent `validate`.
    public var checkedCount: Int { lock.withLock { lastChecked } }

    /// The load findings of `set` followed by every validation finding, sorted by location.
    public func validate(_ set: ManifestSet) -> [Finding] {
        var context = ValidationContext(set: set)
        context.findings = set.loadFindings

        let previous: [String: [Finding]] = lock.withLock {
            cacheSettings == set.settings ? cache : [:]
        }
        var next: [String: [Finding]] = [:]
        next.reserveCapacity(set.objects.count)
        var checked = 0
        for object in set.objects {
            let key = object.blobID.isEmpty ? nil : "\(object.blobID)#\(object.documentIndex)"
            if let key, let cached = previous[key] {
                context.findings += cached.map { finding in
                    var moved = finding
                    moved.location.file = object.file
                    return moved
                }
                next[key] = cached
                continue
            }
            let start = context.findings.count
            context.check(object)
            checked += 1
            if let key { next[key] = Array(context.findings[start...]) }
        }

        context.checkDuplicates()
        for object in set.objects where object.category == .mtc {
            context.resolveReferences(object)
            if case .plan(let plan) = object.mtc { context.checkConflicts(plan, object) }
        }

        lock.withLock {
            cache = next
            cacheSettings = set.settings
            lastChecked = checked
        }
        return context.findings.sorted()
    }
}

/// The state of one validation pass: the set, an index of what it declares, and the
/// findings so far. The per-kind checks are extensions of it, one file each.
struct ValidationContext {
    let manifests: ManifestSet
    var findings: [Finding] = []
    /// Declared MTC objects by kind and `namespace/name`, for resolving references.
    let declared: [String: Set<String>]
    /// Open plans by namespace entry, in repository order, for conflict detection.
    let plansByNamespace: [String: [(object: ManifestObject, clusters: Set<ObjectReference>)]]

    init(set: ManifestSet) {
        self.manifests = set
        var declared: [String: Set<String>] = [:]
        var plansByNamespace: [String: [(object: ManifestObject, clusters: Set<ObjectReference>)]] = [:]
        for object in manifests.objects where object.category == .mtc {
            guard let name = object.name else { continue }
            declared[object.kind, default: []].insert(
                "\(Self.namespace(of: object, settings: manifests.settings))/\(name)")
            if case .plan(let plan) = object.mtc, plan.spec.closed != true {
                let clusters = Set([plan.spec.srcMigClusterRef, plan.spec.destMigClusterRef].compactMap { $0 })
                for namespace in Set(plan.spec.namespaces ?? []) {
                    plansByNamespace[namespace, default: []].append((object, clusters))
                }
            }
        }
        self.declared = declared
        self.plansByNamespace = plansByNamespace
    }

    var settings: RepositorySettings { manifests.settings }

    static func namespace(of object: ManifestObject, settings: RepositorySettings) -> String {
        object.namespace ?? settings.namespace
    }

    mutating func error(_ code: String, _ object: ManifestObject, _ path: String, _ message: String) {
        findings.append(Finding(.error, code, at: object.location(of: path), message))
    }

    mutating func warning(_ code: String, _ object: ManifestObject, _ path: String, _ message: String) {
        findings.append(Finding(.warning, code, at: object.location(of: path), message))
    }

    // MARK: - Every object

    mutating func check(_ object: ManifestObject) {
        switch object.category {
        case .mtc:
            checkSchema(object)
            checkMetadata(object)
            switch object.mtc {
            case .cluster(let cluster): checkCluster(cluster, object)
            case .storage(let storage): checkStorage(storage, object)
            case .hook(let hook): checkHook(hook, object)
            case .plan(let plan): checkPlan(plan, object)
            case .migration(let migration): checkMigration(migration, object)
            case nil: break
            }
        case .policy:
            if !object.file.hasPrefix(settings.policyFolder + "/") {
                warning(
                    "policy.location", object, "kind",
                    "Policy documents are read only from \(settings.policyFolder)/; this one is ignored")
            }
        case .secret:
            checkSecret(object)
        case .other:
            if object.apiVersion.hasPrefix(ResourceType.migrationGroup + "/") {
                let known = ResourceType.mtcKinds.contains { $0.kind == object.kind }
                if known {
                    error(
                        "kind.version", object, "apiVersion",
                        "\(object.kind) is served only as \(ResourceType.migCluster.apiVersion), not \(object.apiVersion)"
                    )
                } else {
                    warning(
                        "kind.ignored", object, "kind",
                        "\(object.kind) is created by MTC controllers, not declared in Git; ignored")
                }
            } else {
                warning(
                    "kind.ignored", object, "kind",
                    "\(object.apiVersion) \(object.kind) is not managed by migsync; ignored")
            }
        }
    }

    mutating func checkSchema(_ object: ManifestObject) {
        guard let schema = CRDSchema.forKind(object.kind) else { return }
        for violation in schema.validate(object.json) {
            switch violation.kind {
            case .unknownField:
                warning(
                    "schema.unknownField", object, violation.path,
                    "\(violation.path): unknown field; the API server would drop it")
            case .required:
                error("schema.required", object, violation.path, "\(violation.path) is required")
            case .type, .enum, .format, .pattern:
                error(
                    "schema.\(violation.kind.rawValue)", object, violation.path,
                    "\(violation.path) \(violation.message)")
            }
        }
    }

    mutating func checkMetadata(_ object: ManifestObject) {
        let metadata = ObjectMetadata(json: object.json["metadata"])
        if let name = metadata.name {
            if !DNS1123.isSubdomain(name) {
                error(
                    "metadata.name", object, "metadata.name",
                    "metadata.name \"\(name)\" is not a valid name (lowercase RFC 1123 subdomain)")
            }
        } else if metadata.generateName != nil {
            error(
                "metadata.generateName", object, "metadata.generateName",
                "metadata.generateName cannot be used: migsync creates each object once under the name Git gives it; set metadata.name"
            )
        } else {
            error("metadata.name", object, "metadata", "metadata.name is required")
        }
        let namespace = ValidationContext.namespace(of: object, settings: settings)
        if let written = metadata.namespace, !DNS1123.isLabel(written) {
            error(
                "metadata.namespace", object, "metadata.namespace",
                "metadata.namespace \"\(written)\" is not a valid namespace name")
        } else if namespace != RepositorySettings.controllerNamespace {
            warning(
                "metadata.namespace", object, metadata.namespace == nil ? "metadata" : "metadata.namespace",
                "\(object.kind) in namespace \"\(namespace)\": mig-controller only watches \(RepositorySettings.controllerNamespace) and will ignore it"
            )
        }
    }

    // MARK: - Across files

    mutating func checkDuplicates() {
        var first: [String: ManifestObject] = [:]
        for object in manifests.objects {
            guard let name = object.name else { continue }
            let namespace =
                object.category == .mtc || object.category == .secret
                ? ValidationContext.namespace(of: object, settings: settings) : (object.namespace ?? "")
            let key = "\(object.apiVersion)|\(object.kind)|\(namespace)|\(name)"
            if let earlier = first[key] {
                error(
                    "object.duplicate", object, "metadata.name",
                    "\(object.kind) \(namespace)/\(name) is already declared at \(earlier.location(of: "metadata.name"))"
                )
            } else {
                first[key] = object
            }
        }
    }

    // MARK: - Secrets

    mutating func checkSecret(_ object: ManifestObject) {
        for field in ["data", "stringData"] {
            if let value = object.json[field], !(value.objectValue?.isEmpty ?? value.isNull) {
                error(
                    "secret.data", object, field,
                    "Secret \(object.name ?? "") carries \(field): credentials must not be committed; create the Secret on the cluster and reference it"
                )
                return
            }
        }
        warning("kind.ignored", object, "kind", "Secret without data is not managed by migsync; ignored")
    }
}
