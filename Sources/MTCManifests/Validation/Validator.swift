import Foundation
import KubeObjects

/// Checks a loaded repository the way mig-controller and the API server would, before any of
/// it reaches a cluster.
///
/// Errors are what the API server would reject or what would leave a plan or run blocked on
/// a Critical condition; warnings are what would be silently ignored (pruned fields, objects
/// outside `openshift-migration`, kinds migsync does not manage).
///
/// Keep one `Validator` per repository being followed: it remembers what it found, with
/// indexes of what the repository declares and references, so validating the next commit
/// redoes the checks of a single object only for changed files, and the checks across objects
/// (references, duplicates, plan conflicts) only for the objects a change can affect. The
/// findings are always those a fresh `Validator` would report.
public final class Validator: @unchecked Sendable {
    private let lock = NSLock()
    private var state: ValidationState?
    private var lastChecked = 0
    private var lastIncremental = false

    public init() {}

    /// Objects whose single-object checks ran (rather than came from the cache) in the most
    /// recent `validate`.
    public var checkedCount: Int { lock.withLock { lastChecked } }

    /// Whether the most recent `validate` updated the previous findings rather than checking
    /// the whole repository.
    public var lastValidationWasIncremental: Bool { lock.withLock { lastIncremental } }

    /// The load findings of `set` followed by every validation finding, sorted by location.
    public func validate(_ set: ManifestSet) -> [Finding] {
        lock.withLock {
            var checked = 0
            var incremental = false
            // Taken out of `state` so that updating it does not copy it.
            var previous = state
            state = nil
            if previous?.settings == set.settings, !set.files.isEmpty,
                previous?.update(to: set, checked: &checked) == true
            {
                state = previous
                incremental = true
            } else {
                checked = 0
                state = ValidationState(set: set, checked: &checked)
            }
            lastChecked = checked
            lastIncremental = incremental
            return (set.loadFindings + (state?.findings ?? [])).sorted()
        }
    }
}

/// The single-object checks of one object. The per-kind checks are extensions of it, one file
/// each; checks across objects live in `ValidationState`.
struct ValidationContext {
    let settings: RepositorySettings
    var findings: [Finding] = []

    init(settings: RepositorySettings) {
        self.settings = settings
    }

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
