import KubeObjects

/// What a MigMigration asks for, read from its spec.
///
/// Order matters to MTC and to the planner: stage runs of a commit go before its cutover.
public enum RunKind: String, Sendable, Hashable, CaseIterable {
    /// `stage: true`, or `migrateState: true` (which MTC runs on the Stage itinerary).
    case stage = "Stage"
    /// The cutover: `stage: false` without `rollback`.
    case final = "Final"
    /// `rollback: true`: undo the plan's migration.
    case rollback = "Rollback"

    /// Reads the run's spec. Rollback wins, matching mig-controller's itinerary selection.
    public init(spec: JSONValue?) {
        if spec?["rollback"]?.boolValue == true {
            self = .rollback
        } else if spec?["stage"]?.boolValue == true || spec?["migrateState"]?.boolValue == true {
            self = .stage
        } else {
            self = .final
        }
    }
}
