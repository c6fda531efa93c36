import KubeObjects

/// A read-only reading of a MigMigration: its kind of run and where it stands.
struct MigrationView {
    let object: KubeObject

    init(_ object: KubeObject) { self.object = object }

    var phase: String { object.status?["phase"]?.stringValue ?? "" }
    var isStage: Bool { object.specFlag("stage") }
    var isMigrateState: Bool { object.specFlag("migrateState") }
    var isRollback: Bool { object.specFlag("rollback") }
    var isCanceled: Bool { object.specFlag("canceled") }
    /// A cutover: neither stage, state-only nor rollback.
    var isFinal: Bool { !isStage && !isMigrateState && !isRollback }

    var isCompleted: Bool { phase == MigrationPhase.completed }
    /// Started and not finished.
    var isRunning: Bool { !phase.isEmpty && !isCompleted }

    var failed: Bool { object.hasCondition("Failed") }
    var canceledResult: Bool { object.hasCondition("Canceled") }
    /// Finished without failing or being canceled.
    var succeeded: Bool {
        isCompleted && !failed && !canceledResult
            && (object.hasCondition("Succeeded") || object.hasCondition("SucceededWithWarnings"))
    }

    /// Queue order: runs already under way first, then stage runs by creation time, then the
    /// others (final and rollback) by creation time; the name breaks ties within a second.
    static func queueOrder(_ a: MigrationView, _ b: MigrationView) -> Bool {
        if a.isRunning != b.isRunning { return a.isRunning }
        let aStage = a.isStage || a.isMigrateState
        let bStage = b.isStage || b.isMigrateState
        if aStage != bStage { return aStage }
        if a.object.creationTimestamp != b.object.creationTimestamp {
            return a.object.creationTimestamp < b.object.creationTimestamp
        }
        return a.object.name < b.object.name
    }

    /// Newest first (creation time, then name).
    static func newestFirst(_ a: MigrationView, _ b: MigrationView) -> Bool {
        if a.object.creationTimestamp != b.object.creationTimestamp {
            return a.object.creationTimestamp > b.object.creationTimestamp
        }
        return a.object.name > b.object.name
    }
}
