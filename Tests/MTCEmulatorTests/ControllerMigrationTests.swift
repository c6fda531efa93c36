import Foundation
import KubeObjects
import MTCEmulator
import Testing

/// A MigMigration a scenario creates.
struct RunSpec: Sendable, CustomStringConvertible {
    var name: String
    var stage = false
    var rollback = false
    var quiesce = false
    var plan = "shop"
    var annotations: [String: String] = [:]

    var yaml: String {
        let notes =
            annotations.isEmpty
            ? ""
            : ", annotations: {"
                + annotations.map { "\($0.key): \"\($0.value)\"" }.joined(separator: ", ") + "}"
        return """
            apiVersion: migration.openshift.io/v1alpha1
            kind: MigMigration
            metadata: {name: \(name), namespace: openshift-migration\(notes)}
            spec:
              migPlanRef: {name: \(plan), namespace: openshift-migration}
              stage: \(stage)
              rollback: \(rollback)
              quiescePods: \(quiesce)
            """
    }

    var description: String { name }

    static func stage(_ name: String, quiesce: Bool = false) -> RunSpec {
        RunSpec(name: name, stage: true, quiesce: quiesce)
    }
    static func cutover(_ name: String, quiesce: Bool = true) -> RunSpec {
        RunSpec(name: name, quiesce: quiesce)
    }
    static func rollback(_ name: String) -> RunSpec { RunSpec(name: name, rollback: true) }
}

/// Phase lists for the `shop` plan of the default inventory (two volumes copied directly,
/// image streams present, direct image migration), written from the reference's itineraries.
enum ExpectedPhases {
    static let prepare = [
        "", "Started", "StartRefresh", "WaitForRefresh", "CleanStaleAnnotations", "CleanStaleResticCRs",
        "CleanStaleVeleroCRs", "RestartVelero", "CleanStaleStagePods",
        "WaitForStaleStagePodsTerminated",
    ]
    static let stage =
        prepare + [
            "CreateDirectImageMigration", "CreateDirectVolumeMigrationStage",
            "WaitForDirectImageMigrationToComplete",
            "WaitForDirectVolumeMigrationToComplete", "DeleteRegistries", "Completed",
        ]
    static let stageQuiesced =
        prepare + [
            "CreateDirectImageMigration", "QuiesceSourceApplications", "EnsureSrcQuiesced",
            "CreateDirectVolumeMigrationStage", "WaitForDirectImageMigrationToComplete",
            "WaitForDirectVolumeMigrationToComplete", "DeleteRegistries", "Completed",
        ]
    static func cutover(preBackupHook: Bool = false, postRestoreHook: Bool = false) -> [String] {
        prepare + ["WaitForVeleroReady", "EnsureCloudSecretPropagated"]
            + (preBackupHook ? ["PreBackupHooks"] : [])
            + [
                "CreateDirectImageMigration", "CreateDirectVolumeMigrationStage", "EnsureInitialBackup",
                "InitialBackupCreated", "QuiesceSourceApplications", "EnsureSrcQuiesced",
                "CreateDirectVolumeMigrationFinal", "WaitForDirectImageMigrationToComplete",
                "WaitForDirectVolumeMigrationToComplete", "EnsureInitialBackupReplicated",
                "EnsureFinalRestore",
                "FinalRestoreCreated", "UnQuiesceDestApplications",
            ] + (postRestoreHook ? ["PostRestoreHooks"] : []) + ["DeleteRegistries", "Completed"]
    }
    static let rollback = [
        "", "Rollback", "DeleteBackups", "DeleteRestores", "DeleteRegistries", "EnsureStagePodsDeleted",
        "EnsureAnnotationsDeleted", "QuiesceDestinationApplications", "EnsureDestQuiesced",
        "DeleteMigrated",
        "EnsureMigratedDeleted", "UnQuiesceSrcApplications", "Completed",
    ]
    static let cancelDirect = [
        "Canceling", "DeleteBackups", "DeleteRestores", "DeleteRegistries", "DeleteHookJobs",
        "DeleteDirectVolumeMigrationResources", "DeleteDirectImageMigrationResources",
        "UnQuiesceSrcApplications",
        "Canceled", "Completed",
    ]
    static let failedTail = ["MigrationFailed", "DeleteRegistries", "Completed"]
}

extension ControllerHarness {
    func create(_ run: RunSpec) throws { try apply(yaml: run.yaml) }

    /// Creates the run and drives it to Completed; returns the phases it showed.
    @discardableResult
    func complete(_ run: RunSpec) async throws -> [String] {
        try create(run)
        return try await self.run(migration: run.name)
    }

    func replicas(_ namespace: String) throws -> [String: Int] {
        Dictionary(
            uniqueKeysWithValues: try controller.workloads(cluster: "ocp3", namespace: namespace).map {
                ($0.name, $0.replicas)
            })
    }

    func record(_ migration: String) throws -> MigController.RunRecord {
        try controller.runRecord(migrationUID: try #require(try get(.migMigration, migration).uid))
    }
}

@Suite("Emulated mig-controller: migrations")
struct ControllerMigrationTests {
    static let original = ["frontend": 3, "cart": 2, "nightly-report": 1]
    static let quiesced = ["frontend": 0, "cart": 0, "nightly-report": 0]

    @Test(
        "each itinerary walks the reference's phases in order and ends Succeeded",
        arguments: [
            (RunSpec.stage("stage-1"), ExpectedPhases.stage, "Stage"),
            (RunSpec.stage("stage-1", quiesce: true), ExpectedPhases.stageQuiesced, "Stage"),
            (RunSpec.cutover("cutover-1"), ExpectedPhases.cutover(), "Final"),
        ])
    func itinerary(run: RunSpec, expected: [String], itinerary: String) async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        let phases = try await harness.complete(run)
        #expect(phases == expected)

        let migration = try harness.get(.migMigration, run.name)
        #expect(migration.status?["itinerary"]?.stringValue == itinerary)
        let started = try #require(migration.status?["startTimestamp"]?.stringValue)
        #expect(started.hasPrefix("2025-01-01T00:") && started.hasSuffix("Z"))
        let conditions = MTCCondition.list(in: migration)
        #expect(conditions.map(\.type) == ["Succeeded"])
        #expect(conditions.first?.durable == true)
        let pipeline = migration.status?["pipeline"]?.arrayValue ?? []
        let stepNames = pipeline.compactMap { $0["name"]?.stringValue }
        #expect(stepNames.first == "Prepare")
        #expect(stepNames.contains("DirectVolume") && stepNames.contains("DirectImage"))
        #expect(
            pipeline.allSatisfy {
                $0["started"] != nil && $0["completed"] != nil && $0["message"] == "Completed"
            })
        #expect(try harness.record(run.name).phases == Array(expected.dropFirst()))
        #expect(try harness.replicas("shop") == (run.quiesce ? Self.quiesced : Self.original))
        #expect(migration.labels["migration.openshift.io/migplan-name"] == "shop")
        let owner = migration.json[path: ["metadata", "ownerReferences"]]?.arrayValue?.first
        #expect(owner?["kind"] == "MigPlan")
        #expect(owner?["uid"]?.stringValue == (try harness.get(.migPlan, "shop").uid))
    }

    @Test("while running, Running names the phase and counts steps; the pipeline shows copy progress")
    func runningStatus() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try harness.create(.stage("stage-1"))
        try await harness.run(migration: "stage-1", step: .milliseconds(500)) {
            $0.phase == "WaitForDirectVolumeMigrationToComplete"
        }
        harness.clock.advance(by: .seconds(1))
        await harness.controller.reconcileAll()
        let migration = try harness.get(.migMigration, "stage-1")
        let running = try #require(MTCCondition.list(in: migration).first { $0.type == "Running" })
        #expect(running.reason == "WaitForDirectVolumeMigrationToComplete")
        #expect(running.message == "Step: 14/16")
        #expect(running.category == .advisory)
        #expect(migration.conditionTypes.contains("Ready"))
        let step = migration.status?["pipeline"]?.arrayValue?.first { $0["name"] == "DirectVolume" }
        #expect(step?["phase"] == "WaitForDirectVolumeMigrationToComplete")
        let progress = (step?["progress"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(progress.count == 2)
        #expect(
            progress.contains {
                $0.hasPrefix("[shop/catalog-images] Running")
                    || $0.hasPrefix("[shop/catalog-images] Completed")
            })
        #expect(progress.contains { $0.contains("of 256.0 MiB") })
        #expect(try harness.conditions(.migPlan, "shop")["Suspended"]?.category == .advisory)
    }

    @Test(
        "copies take usedBytes / transferRate / timeScale, times the slow-copy factor",
        arguments: [(2.0, nil, 4.5), (1.0, "2", 18.0), (4.0, "0.5", 1.125)] as [(Double, String?, Double)])
    func copyDuration(timeScale: Double, slowCopy: String?, seconds: Double) async throws {
        // 2 GiB + 256 MiB at 256 MiB/s is 9 emulated seconds.
        let harness = try ControllerHarness(timeScale: timeScale, fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        var run = RunSpec.stage("stage-1")
        if let slowCopy { run.annotations = ["migsync.io/emulator-slow-copy": slowCopy] }
        try harness.create(run)
        var copyStarted: Date?
        var copyDone: Date?
        for _ in 0..<400 {
            harness.clock.advance(by: .milliseconds(250))
            await harness.controller.reconcileAll()
            let phase = try harness.get(.migMigration, "stage-1").phase
            if phase == "WaitForDirectImageMigrationToComplete" && copyStarted == nil {
                copyStarted = harness.clock.now
            }
            if phase == "DeleteRegistries" {
                copyDone = harness.clock.now
                break
            }
        }
        let elapsed = try #require(copyDone).timeIntervalSince(try #require(copyStarted))
        // The image copy (3 emulated seconds) runs alongside; the volume copy decides.
        let expected = max(seconds, 3 / timeScale + 0.25)
        #expect(elapsed >= expected && elapsed <= expected + 0.25, "copy took \(elapsed) s")
        #expect(try harness.record("stage-1").transferredBytes == 2_415_919_104)
    }

    @Test("a second run on a plan waits Postponed until the first completes")
    func postponed() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try harness.create(.stage("stage-1"))
        try harness.create(.stage("stage-2"))
        harness.clock.advance(by: .seconds(1))
        await harness.controller.reconcileAll()
        let second = try harness.conditions(.migMigration, "stage-2")
        #expect(second["Postponed"]?.category == .critical)
        #expect(
            second["Postponed"]?.message
                == "Postponed 10 seconds to ensure migrations run serially and in order.")
        #expect(second["Ready"] == nil)
        #expect(try harness.get(.migMigration, "stage-2").phase == "")
        #expect(try harness.get(.migMigration, "stage-1").phase == "Started")

        try await harness.run(migration: "stage-1")
        #expect(try harness.get(.migMigration, "stage-2").phase != "Completed")
        let phases = try await harness.run(migration: "stage-2")
        #expect(phases.last == "Completed")
        #expect(try harness.conditions(.migMigration, "stage-2")["Postponed"] == nil)
    }

    /// A gating scenario: earlier runs driven to completion, then the subject and what blocks
    /// it (nil: it runs to Completed).
    struct GateCase: Sendable, CustomTestStringConvertible {
        var name: String
        var before: [RunSpec]
        var planYAML: String? = nil
        var subject: RunSpec
        var blockedBy: String?
        var testDescription: String { name }
    }

    static let gateCases: [GateCase] = [
        GateCase(
            name: "a stage run after a successful cutover is blocked by HasFinalMigration",
            before: [.cutover("cutover-1")], subject: .stage("stage-late"), blockedBy: "HasFinalMigration"
        ),
        GateCase(
            name: "a second cutover after a successful one is blocked by HasFinalMigration",
            before: [.cutover("cutover-1")], subject: .cutover("cutover-2"),
            blockedBy: "HasFinalMigration"),
        GateCase(
            name: "a stage run after a cutover that failed is blocked by HasFinalMigration",
            before: [
                RunSpec(
                    name: "cutover-1", quiesce: true,
                    annotations: ["migsync.io/emulator-fail-at-phase": "EnsureInitialBackup"])
            ], subject: .stage("stage-late"), blockedBy: "HasFinalMigration"),
        GateCase(
            name: "a cutover after a failed cutover may run",
            before: [
                RunSpec(
                    name: "cutover-1", quiesce: true,
                    annotations: ["migsync.io/emulator-fail-at-phase": "EnsureInitialBackup"])
            ], subject: .cutover("cutover-2"), blockedBy: nil),
        GateCase(
            name: "a rollback is never refused", before: [.cutover("cutover-1")],
            subject: .rollback("rollback-1"),
            blockedBy: nil),
        GateCase(
            name: "a stage run after a succeeded rollback may run again",
            before: [.cutover("cutover-1"), .rollback("rollback-1")], subject: .stage("stage-again"),
            blockedBy: nil),
        GateCase(
            name: "a run whose plan is not ready waits PlanNotReady", before: [],
            planYAML: """
                apiVersion: migration.openshift.io/v1alpha1
                kind: MigPlan
                metadata: {name: broken, namespace: openshift-migration}
                spec:
                  srcMigClusterRef: {name: ocp3, namespace: openshift-migration}
                  destMigClusterRef: {name: host, namespace: openshift-migration}
                  migStorageRef: {name: minio, namespace: openshift-migration}
                  namespaces: [payroll]
                """, subject: RunSpec(name: "stage-broken", stage: true, plan: "broken"),
            blockedBy: "PlanNotReady"),
        GateCase(
            name: "a run whose plan does not exist is InvalidPlanRef", before: [],
            subject: RunSpec(name: "orphan", stage: true, plan: "ghost"), blockedBy: "InvalidPlanRef"),
        GateCase(
            name: "a run with stage and rollback set is InvalidSpec", before: [],
            subject: RunSpec(name: "confused", stage: true, rollback: true), blockedBy: "InvalidSpec"),
    ]

    @Test("runs are gated as mig-controller gates them", arguments: gateCases)
    func gating(_ scenario: GateCase) async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        if let planYAML = scenario.planYAML { try harness.apply(yaml: planYAML) }
        try await harness.settle()
        for run in scenario.before { try await harness.complete(run) }
        try harness.create(scenario.subject)
        if let blocker = scenario.blockedBy {
            try await harness.settle()
            let migration = try harness.get(.migMigration, scenario.subject.name)
            let conditions = MTCCondition.list(in: migration)
            #expect(
                conditions.first { $0.type == blocker }?.category == .critical, "\(conditions.map(\.type))")
            #expect(!conditions.contains { $0.type == "Ready" })
            #expect(migration.phase == "")
        } else {
            let phases = try await harness.run(migration: scenario.subject.name)
            #expect(phases.last == "Completed")
            let conditions = try harness.conditions(.migMigration, scenario.subject.name)
            #expect(conditions["Succeeded"] != nil)
        }
    }

    @Test("a run waiting on PlanNotReady starts by itself once the plan is fixed")
    func planBecomesReady() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try harness.modify(.migPlan, "shop") { $0.setSpecValue("namespaces", ["payroll"]) }
        try harness.create(.stage("stage-1"))
        try await harness.settle()
        #expect(try harness.conditions(.migMigration, "stage-1")["PlanNotReady"] != nil)
        try harness.modify(.migPlan, "shop") { $0.setSpecValue("namespaces", ["shop"]) }
        let phases = try await harness.run(migration: "stage-1")
        #expect(phases.last == "Completed")
    }

    @Test("a run on a closed plan is blocked by PlanClosed")
    func planClosed() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try harness.modify(.migPlan, "shop") { $0.setSpecValue("closed", true) }
        try harness.create(.stage("stage-1"))
        try await harness.settle()
        let conditions = try harness.conditions(.migMigration, "stage-1")
        #expect(conditions["PlanClosed"]?.category == .critical)
        #expect(conditions["PlanNotReady"]?.category == .critical)
    }

    @Test("a canceled run walks the Cancel itinerary, restores quiesced workloads and ends Canceled")
    func cancel() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try harness.create(.stage("stage-1", quiesce: true))
        try await harness.run(migration: "stage-1", step: .milliseconds(500)) {
            $0.phase == "WaitForDirectVolumeMigrationToComplete"
        }
        #expect(try harness.replicas("shop") == Self.quiesced)
        try harness.modify(.migMigration, "stage-1") { $0.setSpecValue("canceled", true) }
        let phases = try await harness.run(migration: "stage-1", step: .milliseconds(100))
        #expect(Array(phases.dropFirst()) == ExpectedPhases.cancelDirect)

        let migration = try harness.get(.migMigration, "stage-1")
        #expect(migration.status?["itinerary"] == "Cancel")
        let conditions = try harness.conditions(.migMigration, "stage-1")
        #expect(conditions["Canceled"]?.durable == true)
        #expect(conditions["Succeeded"] != nil, "mig-controller also marks canceled runs Succeeded")
        #expect(conditions["Canceling"] == nil && conditions["Running"] == nil)
        #expect(try harness.replicas("shop") == Self.original)
        let steps = migration.status?["pipeline"]?.arrayValue ?? []
        #expect(steps.first { $0["name"] == "DirectVolume" }?["message"] == "Canceled")
        #expect(steps.first { $0["name"] == "Cleanup" }?["skipped"] == true)
        #expect(steps.contains { $0["name"] == "CleanupUnquiesce" && $0["completed"] != nil })
    }

    @Test(
        "a cutover leaves the source quiesced and the plan Suspended; a rollback restores the workloads"
    )
    func rollback() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try await harness.complete(.cutover("cutover-1"))
        #expect(try harness.replicas("shop") == Self.quiesced)
        try await harness.settle()
        #expect(try harness.conditions(.migPlan, "shop")["Suspended"] != nil)
        #expect(try harness.conditions(.migPlan, "shop")["Ready"] != nil)

        let phases = try await harness.complete(.rollback("rollback-1"))
        #expect(phases == ExpectedPhases.rollback)
        #expect(try harness.get(.migMigration, "rollback-1").status?["itinerary"] == "Rollback")
        #expect(try harness.replicas("shop") == Self.original)
        try await harness.settle()
        #expect(try harness.conditions(.migPlan, "shop")["Suspended"] == nil)
    }

    @Test("quiesced workloads stay quiesced across an emulator restart and the run resumes")
    func restart() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try harness.create(.cutover("cutover-1"))
        try await harness.run(migration: "cutover-1", step: .milliseconds(500)) {
            $0.phase == "WaitForDirectVolumeMigrationToComplete"
        }
        harness.restart()
        #expect(try harness.replicas("shop") == Self.quiesced)
        let phases = try await harness.run(migration: "cutover-1")
        #expect(phases.last == "Completed")
        #expect(try harness.record("cutover-1").transferredBytes == 2_415_919_104)
    }

    @Test("hooks run as jobs at their phase in cutovers only")
    func hooks() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop-with-hooks"])
        try await harness.settle()
        #expect(try harness.conditions(.migPlan, "shop")["Ready"] != nil)
        let stagePhases = try await harness.complete(.stage("stage-1"))
        #expect(stagePhases == ExpectedPhases.stage)

        let phases = try await harness.complete(.cutover("cutover-1"))
        #expect(phases == ExpectedPhases.cutover(preBackupHook: true, postRestoreHook: true))
        let pipeline = try harness.get(.migMigration, "cutover-1").status?["pipeline"]?.arrayValue ?? []
        let preBackup = try #require(pipeline.first { $0["name"] == "PreBackupHooks" })
        let progress = preBackup["progress"]?.arrayValue?.first?.stringValue ?? ""
        #expect(
            progress.hasPrefix("Job openshift-migration/shop-prebackup-")
                && progress.hasSuffix(": Completed"))
        #expect(pipeline.first { $0["name"] == "PostRestoreHooks" }?["completed"] != nil)
        let names = pipeline.compactMap { $0["name"]?.stringValue }
        #expect(names.firstIndex(of: "PreBackupHooks")! < names.firstIndex(of: "Backup")!)
    }

    /// A failure injected by annotation and the transient phase it must show.
    struct FailureCase: Sendable, CustomTestStringConvertible {
        var annotation: String
        var value: String
        var transientPhase: String
        var failedStep: String
        var sourceQuiesced: Bool
        var testDescription: String { "\(annotation)=\(value)" }
    }

    @Test(
        "injected failures switch to the Failed itinerary",
        arguments: [
            FailureCase(
                annotation: "migsync.io/emulator-fail-at-phase", value: "EnsureInitialBackup",
                transientPhase: "InitialBackupFailed", failedStep: "Backup", sourceQuiesced: false),
            FailureCase(
                annotation: "migsync.io/emulator-fail-at-phase",
                value: "WaitForDirectVolumeMigrationToComplete",
                transientPhase: "DirectVolumeMigrationFailed", failedStep: "DirectVolume",
                sourceQuiesced: true),
            FailureCase(
                annotation: "migsync.io/emulator-fail-at-phase", value: "FinalRestoreCreated",
                transientPhase: "FinalRestoreFailed", failedStep: "Restore", sourceQuiesced: true),
            FailureCase(
                annotation: "migsync.io/emulator-fail-hook", value: "drain-carts",
                transientPhase: "PreBackupHooksFailed", failedStep: "PreBackupHooks", sourceQuiesced: false),
        ])
    func failure(_ scenario: FailureCase) async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop-with-hooks"])
        try await harness.settle()
        let phases = try await harness.complete(
            RunSpec(name: "cutover-1", quiesce: true, annotations: [scenario.annotation: scenario.value]))
        let failedAt = try #require(phases.firstIndex(of: scenario.transientPhase), "\(phases)")
        #expect(Array(phases[(failedAt + 1)...]) == ExpectedPhases.failedTail)

        let migration = try harness.get(.migMigration, "cutover-1")
        #expect(migration.status?["itinerary"] == "Failed")
        let errors = (migration.status?["errors"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(errors.count == 1)
        #expect(errors.first?.contains(scenario.value) == true)
        let conditions = try harness.conditions(.migMigration, "cutover-1")
        #expect(conditions["Failed"]?.durable == true)
        #expect(conditions["Succeeded"] == nil && conditions["Running"] == nil)
        let step = migration.status?["pipeline"]?.arrayValue?.first {
            $0["name"]?.stringValue == scenario.failedStep
        }
        #expect(step?["failed"] == true)
        #expect(
            try harness.replicas("shop") == (scenario.sourceQuiesced ? Self.quiesced : Self.original))
    }

    @Test("a partially failed restore ends SucceededWithWarnings")
    func warnings() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try await harness.complete(
            RunSpec(
                name: "cutover-1", quiesce: true,
                annotations: ["migsync.io/emulator-partial-restore": "true"]))
        let conditions = try harness.conditions(.migMigration, "cutover-1")
        #expect(conditions["SucceededWithWarnings"]?.durable == true)
        #expect(conditions["VeleroFinalRestorePartiallyFailed"]?.category == .warn)
        #expect(conditions["Succeeded"] == nil)
    }

    @Test("a stage then a cutover copies only what changed since the stage")
    func delta() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try await harness.complete(.stage("stage-1"))
        #expect(try harness.record("stage-1").transferredBytes == 2_415_919_104)

        // Meanwhile the application wrote 100 MiB to its catalog volume.
        var grown = Inventory.default
        let ocp3 = try #require(grown.clusters.firstIndex { $0.name == "ocp3" })
        let shop = try #require(grown.clusters[ocp3].namespaces.firstIndex { $0.name == "shop" })
        grown.clusters[ocp3].namespaces[shop].pvcs[0].usedBytes += 100 * 1024 * 1024
        harness.restart(inventory: grown)

        try await harness.complete(.cutover("cutover-1"))
        #expect(try harness.record("cutover-1").transferredBytes == 100 * 1024 * 1024)
        let step = try harness.get(.migMigration, "cutover-1").status?["pipeline"]?.arrayValue?.first {
            $0["name"] == "DirectVolume"
        }
        let progress = (step?["progress"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(progress.contains("[shop/catalog-images] Completed 100.0 MiB of 100.0 MiB (100%)"))
        #expect(progress.contains("[shop/cart-cache] Completed 0 B of 0 B (100%)"))
    }

    @Test("indirect volume migration copies through stage pods and a stage backup")
    func indirectVolumes() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try harness.modify(.migPlan, "shop") { $0.setSpecValue("indirectVolumeMigration", true) }
        try await harness.settle()
        let phases = try await harness.complete(.stage("stage-1"))
        #expect(
            phases == ExpectedPhases.prepare + [
                "CreateDirectImageMigration", "EnsureStagePodsFromRunning", "EnsureStagePodsFromTemplates",
                "EnsureStagePodsFromOrphanedPVCs", "StagePodsCreated", "RestartRestic", "AnnotateResources",
                "WaitForVeleroReady", "WaitForResticReady", "EnsureCloudSecretPropagated", "EnsureStageBackup",
                "StageBackupCreated", "EnsureStageBackupReplicated", "EnsureStageRestore", "StageRestoreCreated",
                "WaitForDirectImageMigrationToComplete", "DeleteRegistries", "EnsureStagePodsDeleted",
                "EnsureStagePodsTerminated", "EnsureAnnotationsDeleted", "Completed",
            ])
        #expect(try harness.record("stage-1").transferredBytes == 2_415_919_104)
        let steps = try harness.get(.migMigration, "stage-1").status?["pipeline"]?.arrayValue ?? []
        #expect(
            steps.compactMap { $0["name"]?.stringValue } == [
                "Prepare", "StageBackup", "StageRestore", "DirectImage", "Cleanup",
            ])
    }

    @Test("a stage run with nothing to stage warns StageNoOp and ends SucceededWithWarnings")
    func stageNoOp() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try harness.modify(.migPlan, "shop") { $0.setSpecValue("namespaces", ["shop-db"]) }
        try await harness.settle()
        try harness.modify(.migPlan, "shop") { plan in
            var volumes = plan.spec?["persistentVolumes"]?.arrayValue ?? []
            for i in volumes.indices { volumes[i]["selection"] = ["action": "skip"] }
            plan.setSpecValue("persistentVolumes", .array(volumes))
        }
        try await harness.settle()
        let phases = try await harness.complete(.stage("stage-1"))
        #expect(
            phases == ExpectedPhases.prepare + [
                "CreateDirectImageMigration", "WaitForDirectImageMigrationToComplete", "DeleteRegistries", "Completed",
            ])
        let conditions = try harness.conditions(.migMigration, "stage-1")
        #expect(conditions["StageNoOp"]?.category == .warn)
        #expect(conditions["SucceededWithWarnings"] != nil && conditions["Succeeded"] == nil)
        #expect(try harness.record("stage-1").transferredBytes == 0)
    }

    @Test("a run canceled while still queued walks the Cancel itinerary without waiting its turn")
    func cancelQueued() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try harness.create(.stage("stage-1"))
        try harness.create(.stage("stage-2"))
        try await harness.run(migration: "stage-1", step: .milliseconds(500)) { $0.phase == "CleanStaleAnnotations" }
        #expect(try harness.conditions(.migMigration, "stage-2")["Postponed"] != nil)
        try harness.modify(.migMigration, "stage-2") { $0.setSpecValue("canceled", true) }
        let phases = try await harness.run(migration: "stage-2", step: .milliseconds(100))
        #expect(phases == [""] + ExpectedPhases.cancelDirect)
        #expect(try harness.conditions(.migMigration, "stage-2")["Canceled"] != nil)
        #expect(try harness.get(.migMigration, "stage-1").phase != "Completed")
    }

    @Test("canceling a rollback stops it at once as Canceled")
    func cancelRollback() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try await harness.complete(.cutover("cutover-1"))
        try harness.create(.rollback("rollback-1"))
        try await harness.run(migration: "rollback-1", step: .milliseconds(100)) { $0.phase == "DeleteRestores" }
        try harness.modify(.migMigration, "rollback-1") { $0.setSpecValue("canceled", true) }
        let phases = try await harness.run(migration: "rollback-1", step: .milliseconds(100))
        #expect(phases == ["DeleteRestores", "Completed"])
        let migration = try harness.get(.migMigration, "rollback-1")
        #expect(migration.status?["itinerary"] == "Cancel")
        #expect(migration.conditionTypes.contains("Canceled"))
        #expect(try harness.replicas("shop") == Self.quiesced)
    }

    @Test("deleting a plan deletes its migrations")
    func planDeletion() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try await harness.complete(.stage("stage-1"))
        try harness.create(.stage("stage-2"))
        try await harness.settle()
        _ = try harness.store.delete(.migPlan, namespace: "openshift-migration", name: "shop")
        try await harness.settle()
        #expect(try harness.store.list(.migMigration, namespace: "openshift-migration").isEmpty)
    }
}
