extension ValidationContext {
    /// MigMigration: one run kind, an explicit `stage`, and a plan the repository declares.
    mutating func checkMigration(_ migration: MigMigration, _ object: ManifestObject) {
        let spec = migration.spec
        let flags = [("stage", spec.stage), ("migrateState", spec.migrateState), ("rollback", spec.rollback)]
            .filter { $0.1 == true }.map(\.0)
        if flags.count > 1 {
            error(
                "migration.kind", object, "spec.\(flags[1])",
                "at most one of spec.stage, spec.migrateState and spec.rollback may be true (found \(flags.joined(separator: ", ")))"
            )
        }
        checkReferenceComplete(spec.migPlanRef, in: object, path: "spec.migPlanRef", required: true)
    }
}
