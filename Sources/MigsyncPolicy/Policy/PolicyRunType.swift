import KubeObjects

/// The run types policies distinguish. Finer than `RunKind`: a state migration runs on
/// MTC's stage itinerary but is a different request for a reviewer.
public enum PolicyRunType: String, Sendable, Hashable, CaseIterable {
    case stage
    case cutover
    case rollback
    case migrateState

    /// Reads a MigMigration spec: rollback wins, then migrateState, then stage; anything else
    /// is a cutover.
    public init(spec: JSONValue?) {
        if spec?["rollback"]?.boolValue == true {
            self = .rollback
        } else if spec?["migrateState"]?.boolValue == true {
            self = .migrateState
        } else if spec?["stage"]?.boolValue == true {
            self = .stage
        } else {
            self = .cutover
        }
    }
}
