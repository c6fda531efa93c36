import KubeObjects

/// Repository-level settings from an optional `migsync.yaml` at the repository root.
///
/// ```yaml
/// namespace: openshift-migration   # namespace of objects that do not name one
/// hostClusterName: host            # the operator-owned host MigCluster plans may reference
/// maxNamespacesPerPlan: 10         # mig-controller's NAMESPACE_LIMIT
/// status: notes                    # notes | commit
/// prune: false
/// policies: policies               # folder holding Policy documents
/// ```
public struct RepositorySettings: Sendable, Hashable {
    /// How observed state is written back to Git.
    public enum StatusMode: String, Sendable, Hashable, CaseIterable {
        case notes, commit
    }

    /// The file name looked for at the repository root.
    public static let fileName = "migsync.yaml"
    /// The only namespace mig-controller watches.
    public static let controllerNamespace = "openshift-migration"

    public var namespace: String
    public var hostClusterName: String
    public var maxNamespacesPerPlan: Int
    public var statusMode: StatusMode
    public var prune: Bool
    /// Folder (relative to the root, no trailing slash) holding Policy documents.
    public var policyFolder: String

    public init(
        namespace: String = controllerNamespace, hostClusterName: String = "host", maxNamespacesPerPlan: Int = 10,
        statusMode: StatusMode = .notes, prune: Bool = false, policyFolder: String = "policies"
    ) {
        self.namespace = namespace
        self.hostClusterName = hostClusterName
        self.maxNamespacesPerPlan = maxNamespacesPerPlan
        self.statusMode = statusMode
        self.prune = prune
        self.policyFolder = policyFolder
    }

    public static let `default` = RepositorySettings()

    /// Reads settings from a parsed `migsync.yaml`, reporting bad or unknown entries as
    /// findings (`file` names the settings file in them). Entries that are wrong keep their
    /// defaults.
    public static func read(_ document: YAMLDocument, file: String) -> (RepositorySettings, [Finding]) {
        var settings = RepositorySettings()
        var findings: [Finding] = []
        func location(_ path: String) -> SourceLocation {
            SourceLocation(file: file, position: document.sourceMap.position(of: path) ?? document.position)
        }
        func problem(_ key: String, _ message: String) {
            findings.append(Finding(.error, "settings.invalid", at: location(key), "\(key): \(message)"))
        }
        guard case .object(let members) = document.value else {
            findings.append(
                Finding(.error, "settings.invalid", at: location(""), "\(fileName) must be a mapping of settings"))
            return (settings, findings)
        }
        for key in members.keys.sorted() {
            guard let value = members[key] else { continue }
            switch key {
            case "apiVersion", "kind":
                continue
            case "namespace":
                if let s = value.stringValue, DNS1123.isLabel(s) {
                    settings.namespace = s
                } else {
                    problem(key, "must be a DNS-1123 label")
                }
            case "hostClusterName":
                if let s = value.stringValue, DNS1123.isSubdomain(s) {
                    settings.hostClusterName = s
                } else {
                    problem(key, "must be a DNS-1123 name")
                }
            case "maxNamespacesPerPlan":
                if let n = value.intValue, n > 0, n <= 10_000 {
                    settings.maxNamespacesPerPlan = Int(n)
                } else {
                    problem(key, "must be a positive integer")
                }
            case "status":
                if let s = value.stringValue, let mode = StatusMode(rawValue: s) {
                    settings.statusMode = mode
                } else {
                    problem(key, "must be \"notes\" or \"commit\"")
                }
            case "prune":
                if let b = value.boolValue { settings.prune = b } else { problem(key, "must be true or false") }
            case "policies":
                if let s = value.stringValue, !s.isEmpty, !s.hasPrefix("/"), !s.split(separator: "/").contains("..") {
                    settings.policyFolder = s.hasSuffix("/") ? String(s.dropLast()) : s
                } else {
                    problem(key, "must be a relative folder inside the repository")
                }
            default:
                findings.append(
                    Finding(.warning, "settings.unknown", at: location(key), "\(key): unknown setting, ignored"))
            }
        }
        return (settings, findings)
    }
}
