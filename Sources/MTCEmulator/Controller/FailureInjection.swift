import KubeObjects

/// Annotations that make the emulator fail on purpose, for tests and demos of the unhappy
/// paths. They have no meaning to a real mig-controller.
public enum FailureInjection {
    /// On a MigMigration (or its MigPlan, then for every run of the plan): the run fails when
    /// it reaches the named phase (e.g. `EnsureStageBackup`, `WaitForDirectVolumeMigrationToComplete`),
    /// switching to the Failed itinerary with an error naming the phase.
    public static let failAtPhase = "migsync.io/emulator-fail-at-phase"

    /// On a MigMigration or MigPlan: the hook job of the named MigHook fails (its hook phase
    /// ends `<Phase>HooksFailed` and the run fails).
    public static let failHook = "migsync.io/emulator-fail-hook"

    /// `"true"` on a MigCluster: its connection test fails (`TestConnectFailed`); on a
    /// MigStorage: its provider test fails (`BackupStorageProviderTestFailed`). The inventory's
    /// per-cluster `unreachable: true` does the same for every MigCluster naming that cluster.
    public static let unreachable = "migsync.io/emulator-unreachable"

    /// A number on a MigMigration or MigPlan: copies run that many times slower than the
    /// inventory's transfer rate (e.g. `"10"`), to give a test time to cancel mid-copy.
    public static let slowCopy = "migsync.io/emulator-slow-copy"

    /// `"true"` on a MigMigration or MigPlan: the final (or stage) restore partially fails,
    /// leaving a durable Warn condition, so the run ends `SucceededWithWarnings`.
    public static let partialRestore = "migsync.io/emulator-partial-restore"

    /// The annotation's value on the migration, else on the plan.
    static func value(_ key: String, migration: KubeObject, plan: KubeObject?) -> String? {
        if let v = migration.annotations[key], !v.isEmpty { return v }
        if let v = plan?.annotations[key], !v.isEmpty { return v }
        return nil
    }

    static func isTrue(_ key: String, on object: KubeObject) -> Bool {
        object.annotations[key]?.lowercased() == "true"
    }
}
