/// The MTC kinds migsync manages, in the order a pass applies them.
///
/// The order is what makes a pass converge in one go: clusters, storage and hooks exist
/// before the plans that reference them, and plans exist before the runs that execute them.
public enum MTCKind: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case migCluster = "MigCluster"
    case migStorage = "MigStorage"
    case migHook = "MigHook"
    case migPlan = "MigPlan"
    case migMigration = "MigMigration"

    /// The API version every MTC kind is served under.
    public static let apiVersion = "migration.openshift.io/v1alpha1"

    /// Reads a manifest's `kind`/`apiVersion`; `nil` for anything migsync does not manage.
    public init?(kind: String, apiVersion: String) {
        guard apiVersion == Self.apiVersion else { return nil }
        self.init(rawValue: kind)
    }

    /// The apply tier: 0 for what plans reference, 1 for plans, 2 for runs.
    ///
    /// Objects of a lower tier are applied first and deleted last.
    public var tier: Int {
        switch self {
        case .migCluster, .migStorage, .migHook: return 0
        case .migPlan: return 1
        case .migMigration: return 2
        }
    }

    /// Position in apply order, used to keep output stable inside a tier. A switch, not a
    /// search of `allCases`: keys are compared in every sort of every pass.
    var rank: Int {
        switch self {
        case .migCluster: return 0
        case .migStorage: return 1
        case .migHook: return 2
        case .migPlan: return 3
        case .migMigration: return 4
        }
    }

    /// Runs are one-shot requests; every other kind converges.
    public var isRun: Bool { self == .migMigration }

    /// Lower-cased kind, as used in status file paths (`status/migplan/shop.yaml`).
    public var pathComponent: String { rawValue.lowercased() }

    public var description: String { rawValue }

    public static func < (lhs: MTCKind, rhs: MTCKind) -> Bool { lhs.rank < rhs.rank }
}
