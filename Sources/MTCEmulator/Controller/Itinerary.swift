/// Phase names a MigMigration walks through, exactly as mig-controller serializes them.
public enum MigrationPhase {
    /// The initial phase is the empty string.
    public static let created = ""
    public static let completed = "Completed"
}

/// What a run involves, decided when it starts: which optional phases apply.
struct MigrationFlags: Codable, Hashable {
    var quiesce = false
    /// Some volume is copied or moved (not skipped).
    var hasPVs = false
    /// Volume data is copied by direct volume migration (rsync).
    var directVolume = false
    /// Volume data goes through the replication repository (Restic/Velero).
    var indirectVolume = false
    var directImage = false
    var indirectImage = false
    var hasImageStreams = false
    var verify = false
    var liveMigrate = false
    /// Plan hook phases with a hook attached.
    var hookPhases: Set<String> = []

    var hasStagePods: Bool { indirectVolume && hasPVs }
    var hasStageBackup: Bool { (indirectVolume && hasPVs) || (indirectImage && hasImageStreams) }
    var hasRegistries: Bool { indirectImage && hasImageStreams }
}

/// One phase of an itinerary: its name, the pipeline step it belongs to, and when it applies.
struct ItineraryPhase: Sendable {
    let name: String
    let step: String
    let applies: @Sendable (MigrationFlags) -> Bool

    init(_ name: String, _ step: String, when applies: @escaping @Sendable (MigrationFlags) -> Bool = { _ in true }) {
        self.name = name
        self.step = step
        self.applies = applies
    }
}

/// An ordered list of phases: Stage, Final, Cancel, Failed or Rollback (current mig-controller
/// order). Phases whose condition does not hold are skipped and never appear.
struct Itinerary: Sendable {
    let name: String
    let phases: [ItineraryPhase]

    /// The phases this run walks, in order.
    func applicable(_ flags: MigrationFlags) -> [ItineraryPhase] { phases.filter { $0.applies(flags) } }

    /// The pipeline steps of this run, in order of first appearance.
    func steps(_ flags: MigrationFlags) -> [String] {
        var seen = Set<String>()
        return applicable(flags).map(\.step).filter { seen.insert($0).inserted }
    }

    static func named(_ name: String) -> Itinerary? {
        [stage, final, cancel, failed, rollback].first { $0.name == name }
    }

    static let stage = Itinerary(
        name: "Stage",
        phases: [
            ItineraryPhase(MigrationPhase.created, Step.prepare),
            ItineraryPhase("Started", Step.prepare),
            ItineraryPhase("StartRefresh", Step.prepare),
            ItineraryPhase("WaitForRefresh", Step.prepare),
            ItineraryPhase("CleanStaleAnnotations", Step.prepare),
            ItineraryPhase("CleanStaleResticCRs", Step.prepare),
            ItineraryPhase("CleanStaleVeleroCRs", Step.prepare),
            ItineraryPhase("RestartVelero", Step.prepare),
            ItineraryPhase("CleanStaleStagePods", Step.prepare),
            ItineraryPhase("WaitForStaleStagePodsTerminated", Step.prepare),
            ItineraryPhase("CreateRegistries", Step.prepare, when: \.hasRegistries),
            ItineraryPhase("CreateDirectImageMigration", Step.stageBackup, when: \.directImage),
            ItineraryPhase("QuiesceSourceApplications", Step.stageBackup, when: \.quiesce),
            ItineraryPhase("EnsureSrcQuiesced", Step.stageBackup, when: \.quiesce),
            ItineraryPhase("CreateDirectVolumeMigrationStage", Step.stageBackup, when: \.directVolume),
            ItineraryPhase("EnsureStagePodsFromRunning", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("EnsureStagePodsFromTemplates", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("EnsureStagePodsFromOrphanedPVCs", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("StagePodsCreated", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("RestartRestic", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("AnnotateResources", Step.stageBackup, when: \.hasStageBackup),
            ItineraryPhase("WaitForVeleroReady", Step.stageBackup, when: \.hasStageBackup),
            ItineraryPhase("WaitForResticReady", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("WaitForRegistriesReady", Step.stageBackup, when: \.hasRegistries),
            ItineraryPhase("EnsureCloudSecretPropagated", Step.stageBackup, when: \.hasStageBackup),
            ItineraryPhase("EnsureStageBackup", Step.stageBackup, when: \.hasStageBackup),
            ItineraryPhase("StageBackupCreated", Step.stageBackup, when: \.hasStageBackup),
            ItineraryPhase("EnsureStageBackupReplicated", Step.stageBackup, when: \.hasStageBackup),
            ItineraryPhase("EnsureStageRestore", Step.stageRestore, when: \.hasStageBackup),
            ItineraryPhase("StageRestoreCreated", Step.stageRestore, when: \.hasStageBackup),
            ItineraryPhase("WaitForDirectImageMigrationToComplete", Step.directImage, when: \.directImage),
            ItineraryPhase("WaitForDirectVolumeMigrationToComplete", Step.directVolume, when: \.directVolume),
            ItineraryPhase("DeleteRegistries", Step.cleanup),
            ItineraryPhase("EnsureStagePodsDeleted", Step.cleanup, when: \.hasStagePods),
            ItineraryPhase("EnsureStagePodsTerminated", Step.cleanup, when: \.hasStagePods),
            ItineraryPhase("EnsureAnnotationsDeleted", Step.cleanup, when: \.hasStageBackup),
            ItineraryPhase(MigrationPhase.completed, Step.cleanup),
        ])

    static let final = Itinerary(
        name: "Final",
        phases: [
            ItineraryPhase(MigrationPhase.created, Step.prepare),
            ItineraryPhase("Started", Step.prepare),
            ItineraryPhase("StartRefresh", Step.prepare),
            ItineraryPhase("WaitForRefresh", Step.prepare),
            ItineraryPhase("CleanStaleAnnotations", Step.prepare),
            ItineraryPhase("CleanStaleResticCRs", Step.prepare),
            ItineraryPhase("CleanStaleVeleroCRs", Step.prepare),
            ItineraryPhase("RestartVelero", Step.prepare),
            ItineraryPhase("CleanStaleStagePods", Step.prepare),
            ItineraryPhase("WaitForStaleStagePodsTerminated", Step.prepare),
            ItineraryPhase("CreateRegistries", Step.prepare, when: \.hasRegistries),
            ItineraryPhase("WaitForVeleroReady", Step.prepare),
            ItineraryPhase("WaitForRegistriesReady", Step.prepare, when: \.hasRegistries),
            ItineraryPhase("EnsureCloudSecretPropagated", Step.prepare),
            ItineraryPhase("PreBackupHooks", Step.preBackupHooks, when: { $0.hookPhases.contains("PreBackup") }),
            ItineraryPhase("CreateDirectImageMigration", Step.backup, when: \.directImage),
            ItineraryPhase("CreateDirectVolumeMigrationStage", Step.backup, when: \.directVolume),
            ItineraryPhase("EnsureInitialBackup", Step.backup),
            ItineraryPhase("InitialBackupCreated", Step.backup),
            ItineraryPhase("QuiesceSourceApplications", Step.stageBackup, when: \.quiesce),
            ItineraryPhase("EnsureSrcQuiesced", Step.stageBackup, when: \.quiesce),
            ItineraryPhase("EnsureStagePodsFromRunning", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("EnsureStagePodsFromTemplates", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("EnsureStagePodsFromOrphanedPVCs", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("StagePodsCreated", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("RestartRestic", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("AnnotateResources", Step.stageBackup, when: \.hasStageBackup),
            ItineraryPhase("WaitForResticReady", Step.stageBackup, when: \.hasStagePods),
            ItineraryPhase("CreateDirectVolumeMigrationFinal", Step.stageBackup, when: \.directVolume),
            ItineraryPhase("EnsureStageBackup", Step.stageBackup, when: \.hasStageBackup),
            ItineraryPhase("StageBackupCreated", Step.stageBackup, when: \.hasStageBackup),
            ItineraryPhase("EnsureStageBackupReplicated", Step.stageBackup, when: \.hasStageBackup),
            ItineraryPhase("EnsureStageRestore", Step.stageRestore, when: \.hasStageBackup),
            ItineraryPhase("StageRestoreCreated", Step.stageRestore, when: \.hasStageBackup),
            ItineraryPhase("EnsureStagePodsDeleted", Step.stageRestore, when: \.hasStagePods),
            ItineraryPhase("EnsureStagePodsTerminated", Step.stageRestore, when: \.hasStagePods),
            ItineraryPhase("EnsureAnnotationsDeleted", Step.stageRestore, when: \.hasStageBackup),
            ItineraryPhase("WaitForDirectImageMigrationToComplete", Step.directImage, when: \.directImage),
            ItineraryPhase("WaitForDirectVolumeMigrationToComplete", Step.directVolume, when: \.directVolume),
            ItineraryPhase("PostBackupHooks", Step.postBackupHooks, when: { $0.hookPhases.contains("PostBackup") }),
            ItineraryPhase("PreRestoreHooks", Step.preRestoreHooks, when: { $0.hookPhases.contains("PreRestore") }),
            ItineraryPhase("EnsureInitialBackupReplicated", Step.restore),
            ItineraryPhase("EnsureFinalRestore", Step.restore),
            ItineraryPhase("FinalRestoreCreated", Step.restore),
            ItineraryPhase("UnQuiesceDestApplications", Step.restore),
            ItineraryPhase("PostRestoreHooks", Step.postRestoreHooks, when: { $0.hookPhases.contains("PostRestore") }),
            ItineraryPhase("DeleteRegistries", Step.cleanup),
            ItineraryPhase("Verification", Step.cleanup, when: \.verify),
            ItineraryPhase(MigrationPhase.completed, Step.cleanup),
        ])

    static let cancel = Itinerary(
        name: "Cancel",
        phases: [
            ItineraryPhase("Canceling", Step.cleanupHelpers),
            ItineraryPhase("DeleteBackups", Step.cleanupHelpers),
            ItineraryPhase("DeleteRestores", Step.cleanupHelpers),
            ItineraryPhase("DeleteRegistries", Step.cleanupHelpers),
            ItineraryPhase("DeleteHookJobs", Step.cleanupHelpers),
            ItineraryPhase("DeleteDirectVolumeMigrationResources", Step.cleanupHelpers, when: \.directVolume),
            ItineraryPhase("DeleteDirectImageMigrationResources", Step.cleanupHelpers, when: \.directImage),
            ItineraryPhase("EnsureStagePodsDeleted", Step.cleanupHelpers, when: \.hasStagePods),
            ItineraryPhase("EnsureAnnotationsDeleted", Step.cleanupHelpers, when: \.hasStageBackup),
            ItineraryPhase("UnQuiesceSrcApplications", Step.cleanupUnquiesce),
            ItineraryPhase("Canceled", Step.cleanupHelpers),
            ItineraryPhase(MigrationPhase.completed, Step.cleanupHelpers),
        ])

    static let failed = Itinerary(
        name: "Failed",
        phases: [
            ItineraryPhase("MigrationFailed", Step.cleanupHelpers),
            ItineraryPhase("DeleteRegistries", Step.cleanupHelpers),
            ItineraryPhase("EnsureAnnotationsDeleted", Step.cleanupHelpers, when: \.hasStageBackup),
            ItineraryPhase(MigrationPhase.completed, Step.cleanupHelpers),
        ])

    static let rollback = Itinerary(
        name: "Rollback",
        phases: [
            ItineraryPhase("Rollback", Step.cleanupVelero),
            ItineraryPhase("DeleteBackups", Step.cleanupVelero),
            ItineraryPhase("DeleteRestores", Step.cleanupVelero),
            ItineraryPhase("DeleteRegistries", Step.cleanupHelpers),
            ItineraryPhase("EnsureStagePodsDeleted", Step.cleanupHelpers),
            ItineraryPhase("EnsureAnnotationsDeleted", Step.cleanupHelpers, when: { $0.hasPVs || $0.hasImageStreams }),
            ItineraryPhase("QuiesceDestinationApplications", Step.cleanupMigrated),
            ItineraryPhase("EnsureDestQuiesced", Step.cleanupMigrated),
            ItineraryPhase("CreateDirectVolumeMigrationRollback", Step.rollbackLiveMigration, when: \.liveMigrate),
            ItineraryPhase(
                "WaitForDirectVolumeMigrationToRollbackComplete", Step.rollbackLiveMigration, when: \.liveMigrate),
            ItineraryPhase("DeleteMigrated", Step.cleanupMigrated),
            ItineraryPhase("EnsureMigratedDeleted", Step.cleanupMigrated),
            ItineraryPhase("UnQuiesceSrcApplications", Step.cleanupUnquiesce),
            ItineraryPhase(MigrationPhase.completed, Step.cleanup),
        ])
}

/// Pipeline step names (`status.pipeline[].name`).
enum Step {
    static let prepare = "Prepare"
    static let backup = "Backup"
    static let stageBackup = "StageBackup"
    static let stageRestore = "StageRestore"
    static let directImage = "DirectImage"
    static let directVolume = "DirectVolume"
    static let restore = "Restore"
    static let cleanup = "Cleanup"
    static let cleanupVelero = "CleanupVelero"
    static let cleanupHelpers = "CleanupHelpers"
    static let cleanupMigrated = "CleanupMigrated"
    static let cleanupUnquiesce = "CleanupUnquiesce"
    static let rollbackLiveMigration = "RollbackLiveMigration"
    static let preBackupHooks = "PreBackupHooks"
    static let postBackupHooks = "PostBackupHooks"
    static let preRestoreHooks = "PreRestoreHooks"
    static let postRestoreHooks = "PostRestoreHooks"

    /// What a running step says it is doing (`message` while in progress).
    static func description(_ step: String) -> String {
        switch step {
        case prepare: return "Preparing the migration"
        case backup: return "Backing up the source cluster"
        case stageBackup: return "Backing up persistent volume data"
        case stageRestore: return "Restoring persistent volume data"
        case directImage: return "Migrating images directly"
        case directVolume: return "Migrating persistent volume data directly"
        case restore: return "Restoring on the destination cluster"
        case cleanup: return "Cleaning up"
        case cleanupVelero: return "Deleting backups and restores"
        case cleanupHelpers: return "Deleting temporary resources"
        case cleanupMigrated: return "Deleting migrated resources"
        case cleanupUnquiesce: return "Restoring source workloads"
        case rollbackLiveMigration: return "Rolling back live volume migration"
        default: return "Running \(step)"
        }
    }
}
