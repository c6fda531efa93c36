import Foundation
import KubeObjects

/// Advances one MigMigration by one phase per pass, like mig-controller's task: picks the
/// itinerary (Failed > Cancel > Rollback > Stage > Final), executes the current phase, and
/// either stays (waiting on a copy, a hook job, a backup) or moves to the next phase.
/// `status.phase` names the phase the run is in; every transition is one write, so watchers
/// see each phase.
struct MigrationTask {
    let pass: ReconcilePass
    var object: KubeObject
    var conditions: ConditionList
    var run: MigrationRunState
    let plan: KubeObject?

    private var context: ControllerContext { pass.context }
    private var now: Double { pass.now.timeIntervalSince1970 }
    private var time: String { pass.timestamp }
    private var view: MigrationView { MigrationView(object) }

    enum Outcome {
        case next
        case wait
        /// The phase failed: the run records `error`, shows `transientPhase`, and switches to
        /// the Failed itinerary on the next pass.
        case failed(transientPhase: String, error: String)
    }

    // MARK: Itinerary selection and transitions

    private var errors: [String] { (object.status?["errors"]?.arrayValue ?? []).compactMap(\.stringValue) }

    private func chooseItinerary() -> Itinerary {
        if !errors.isEmpty || conditions.has("Failed") { return .failed }
        if view.isCanceled || conditions.had("Canceling") || conditions.has("Canceled") { return .cancel }
        if view.isRollback { return .rollback }
        if view.isStage || view.isMigrateState { return .stage }
        return .final
    }

    mutating func step() {
        let flags = run.flags ?? computeFlags()
        run.flags = flags
        let chosen = chooseItinerary()
        let current = object.status?["itinerary"]?.stringValue ?? ""

        if chosen.name == Itinerary.cancel.name && view.isRollback && current != chosen.name {
            // Canceling a rollback stops it where it is.
            object.setStatus("itinerary", .string(chosen.name))
            conditions.set("Canceled", category: .advisory, message: "The migration has been canceled.", durable: true)
            complete()
            return
        }

        if current.isEmpty {
            let first = chosen.applicable(flags).first?.name ?? MigrationPhase.completed
            object.setStatus("itinerary", .string(chosen.name))
            object.setStatus("phase", .string(first))
            object.setStatus("pipeline", Pipeline(stepNames: chosen.steps(flags)).json)
            if object.status?["startTimestamp"] == nil { object.setStatus("startTimestamp", .string(time)) }
            if first != MigrationPhase.created {
                // Rollback and Cancel start in a named phase; show it before running it.
                markRunning(first, in: chosen, flags: flags)
                return
            }
        } else if current != chosen.name {
            var pipeline = Pipeline(object.status?["pipeline"])
            pipeline.abandon(failed: chosen.name == Itinerary.failed.name, at: time, then: chosen.steps(flags))
            object.setStatus("pipeline", pipeline.json)
            object.setStatus("itinerary", .string(chosen.name))
            let first = chosen.applicable(flags).first?.name ?? MigrationPhase.completed
            object.setStatus("phase", .string(first))
            markRunning(first, in: chosen, flags: flags)
            return
        }

        let phases = chosen.applicable(flags)
        let phase = view.phase
        guard let index = phases.firstIndex(where: { $0.name == phase }) else {
            // A phase of no applicable list (e.g. a transient failure phase without errors):
            // start the itinerary over rather than stall.
            object.setStatus("phase", .string(phases.first?.name ?? MigrationPhase.completed))
            return
        }
        if phase == MigrationPhase.completed {
            complete()
            return
        }
        markRunning(phase, in: chosen, flags: flags)
        if !phase.isEmpty && run.history.last != phase { run.history.append(phase) }

        let outcome: Outcome
        if chosen.name != Itinerary.failed.name,
            FailureInjection.value(FailureInjection.failAtPhase, migration: object, plan: plan) == phase
        {
            outcome = .failed(
                transientPhase: Self.failurePhase(for: phase),
                error: "Injected failure at phase \(phase) (\(FailureInjection.failAtPhase)).")
        } else {
            outcome = perform(phase, flags: flags)
        }

        switch outcome {
        case .wait:
            return
        case .failed(let transientPhase, let error):
            var pipeline = Pipeline(object.status?["pipeline"])
            pipeline.fail(step: phases[index].step, at: time)
            object.setStatus("pipeline", pipeline.json)
            var all = errors
            if !all.contains(error) { all.append(error) }
            object.setStatus("errors", .array(all.map(JSONValue.string)))
            object.setStatus("phase", .string(transientPhase))
            conditions.set(
                "Running", category: .advisory, message: "Step: \(index + 1)/\(phases.count)", reason: transientPhase)
        case .next:
            let next = phases[index + 1 < phases.count ? index + 1 : index].name
            object.setStatus("phase", .string(next))
            if next == MigrationPhase.completed {
                if !run.history.contains(next) { run.history.append(next) }
                complete()
            } else {
                markRunning(next, in: chosen, flags: flags)
            }
        }
    }

    /// Sets `Running` (reason = phase, "Step: n/total") and moves the pipeline to the
    /// phase's step.
    private mutating func markRunning(_ phase: String, in itinerary: Itinerary, flags: MigrationFlags) {
        let phases = itinerary.applicable(flags)
        guard let index = phases.firstIndex(where: { $0.name == phase }) else { return }
        var pipeline = Pipeline(object.status?["pipeline"])
        pipeline.enter(step: phases[index].step, phase: phase, at: time)
        object.setStatus("pipeline", pipeline.json)
        conditions.set(
            "Running", category: .advisory, message: "Step: \(index + 1)/\(phases.count)",
            reason: phase.isEmpty ? "Created" : phase)
        if itinerary.name == Itinerary.cancel.name {
            conditions.set("Canceling", category: .advisory, message: "The migration is being canceled.")
        }
    }

    /// Reaches `Completed`: the pipeline ends and the terminal conditions are set.
    private mutating func complete() {
        object.setStatus("phase", .string(MigrationPhase.completed))
        var pipeline = Pipeline(object.status?["pipeline"])
        pipeline.finish(at: time)
        object.setStatus("pipeline", pipeline.json)
        for type in ["Running", "Canceling", "Ready"] { conditions.remove(type) }
        if conditions.has("Failed") { return }
        // Completion only looks for Failed and Warn conditions, so a canceled run is also
        // marked Succeeded, as mig-controller does.
        if conditions.has(category: .warn) {
            conditions.set(
                "SucceededWithWarnings", category: .advisory,
                message: "The migration has completed with warnings, please look at `Warn` conditions.", durable: true)
        } else {
            conditions.set(
                "Succeeded", category: .advisory, message: "The migration has completed successfully.", durable: true)
        }
    }

    static func failurePhase(for phase: String) -> String {
        switch phase {
        case "EnsureInitialBackup", "InitialBackupCreated", "EnsureInitialBackupReplicated":
            return "InitialBackupFailed"
        case "EnsureStageBackup", "StageBackupCreated", "EnsureStageBackupReplicated": return "StageBackupFailed"
        case "EnsureStageRestore", "StageRestoreCreated": return "StageRestoreFailed"
        case "EnsureFinalRestore", "FinalRestoreCreated": return "FinalRestoreFailed"
        case "EnsureStagePodsFromRunning", "EnsureStagePodsFromTemplates", "EnsureStagePodsFromOrphanedPVCs",
            "StagePodsCreated":
            return "SourceStagePodsFailed"
        case "CreateDirectVolumeMigrationStage", "CreateDirectVolumeMigrationFinal",
            "WaitForDirectVolumeMigrationToComplete":
            return "DirectVolumeMigrationFailed"
        case "PreBackupHooks", "PostBackupHooks", "PreRestoreHooks", "PostRestoreHooks": return phase + "Failed"
        default: return "MigrationFailed"
        }
    }

    // MARK: Phases

    private mutating func perform(_ phase: String, flags: MigrationFlags) -> Outcome {
        switch phase {
        case MigrationPhase.created:
            if (view.isStage || view.isMigrateState) && !flags.hasPVs && !flags.hasImageStreams {
                conditions.set(
                    "StageNoOp", category: .warn,
                    message:
                        "Stage migration was run without any PVs or ImageStreams in source cluster. No Velero operations were initiated.",
                    durable: true)
            }
            return .next
        case "StartRefresh":
            if let plan, !plan.specFlag("refresh") {
                var refreshed = plan
                refreshed.setSpec("refresh", .bool(true))
                _ = pass.updatePlan(refreshed, old: plan)
            }
            return .next
        case "WaitForRefresh":
            guard let plan = currentPlan else { return .next }
            return plan.specFlag("refresh") ? .wait : .next
        case "QuiesceSourceApplications":
            quiesceSource()
            return .next
        case "UnQuiesceSrcApplications":
            unquiesceSource()
            return .next
        case "CreateDirectVolumeMigrationStage", "CreateDirectVolumeMigrationFinal":
            planCopy()
            return .next
        case "EnsureStageBackup":
            if flags.indirectVolume { planCopy() }
            return .next
        case "StageBackupCreated":
            return flags.indirectVolume ? waitForCopy(step: Step.stageBackup) : timed(phase, step: Step.stageBackup)
        case "WaitForDirectVolumeMigrationToComplete":
            return waitForCopy(step: Step.directVolume)
        case "InitialBackupCreated":
            return timed(phase, step: Step.backup, label: "Backup \(context.namespace)/\(object.name)-initial")
        case "StageRestoreCreated":
            return timed(phase, step: Step.stageRestore, label: "Restore \(context.namespace)/\(object.name)-stage")
        case "FinalRestoreCreated":
            let outcome = timed(phase, step: Step.restore, label: "Restore \(context.namespace)/\(object.name)-final")
            if case .next = outcome, partialRestoreInjected {
                conditions.set(
                    "VeleroFinalRestorePartiallyFailed", category: .warn,
                    message: "Final Restore openshift-migration/\(object.name)-final: partially failed.", durable: true)
            }
            return outcome
        case "Verification":
            return timed(phase, step: Step.cleanup)
        case "WaitForDirectImageMigrationToComplete":
            return flags.hasImageStreams ? timed(phase, step: Step.directImage) : .next
        case "PreBackupHooks", "PostBackupHooks", "PreRestoreHooks", "PostRestoreHooks":
            return runHook(phase: String(phase.dropLast("Hooks".count)), step: phase)
        case "DeleteHookJobs":
            deleteHookJobs()
            return .next
        case "DeleteMigrated":
            if let uid = plan?.uid { pass.state.copiedBytes[uid] = nil }
            return .next
        case "EnsureMigratedDeleted":
            return timed(phase, step: Step.cleanupMigrated)
        case "Canceled":
            conditions.set("Canceled", category: .advisory, message: "The migration has been canceled.", durable: true)
            return .next
        case "MigrationFailed":
            conditions.set(
                "Failed", category: .advisory, message: "The migration has failed.  See: Errors.", durable: true)
            return .next
        default:
            if (view.isStage || view.isMigrateState) && phase == "DeleteRegistries" && partialRestoreInjected {
                conditions.set(
                    "VeleroStageRestorePartiallyFailed", category: .warn,
                    message: "Stage Restore openshift-migration/\(object.name)-stage: partially failed.", durable: true)
            }
            return .next
        }
    }

    private var partialRestoreInjected: Bool {
        FailureInjection.value(FailureInjection.partialRestore, migration: object, plan: plan)?.lowercased() == "true"
    }

    /// The plan as this pass last saw it (a StartRefresh may have rewritten it).
    private var currentPlan: KubeObject? {
        guard let plan else { return nil }
        return pass.plans[ObjectRef(of: plan)] ?? plan
    }

    /// A phase that takes the controller's operation time (a backup, a restore, a hook job).
    private mutating func timed(_ phase: String, step: String, label: String? = nil) -> Outcome {
        let started = run.timers[phase] ?? now
        run.timers[phase] = started
        let done = now - started >= context.realSeconds(context.settings.operationSeconds)
        if let label {
            var pipeline = Pipeline(object.status?["pipeline"])
            pipeline.setProgress(step: step, ["\(label): \(done ? "Completed" : "InProgress")"])
            object.setStatus("pipeline", pipeline.json)
        }
        if !done { pass.waitingOnTime = true }
        return done ? .next : .wait
    }

    // MARK: Emulated cluster effects

    private var sourceCluster: Inventory.Cluster? {
        guard let ref = ObjectRef(plan?.spec?["srcMigClusterRef"]), let cluster = pass.clusters[ref] else { return nil }
        return context.inventoryCluster(for: cluster)
    }

    private var sourceNamespaces: [Inventory.Namespace] {
        guard let plan, let cluster = sourceCluster else { return [] }
        return NamespaceMapping.of(plan: plan).compactMap { cluster.namespace(named: $0.source) }
    }

    private func computeFlags() -> MigrationFlags {
        var flags = MigrationFlags()
        guard let plan else { return flags }
        let volumes = plan.spec?["persistentVolumes"]?.arrayValue ?? []
        let actions = volumes.compactMap { $0[path: ["selection", "action"]]?.stringValue }
        let indirectVolume = plan.specFlag("indirectVolumeMigration")
        let indirectImage = plan.specFlag("indirectImageMigration")
        flags.quiesce = object.specFlag("quiescePods")
        flags.hasPVs = actions.contains { $0 == "copy" || $0 == "move" }
        let copies = actions.contains("copy")
        flags.directVolume = !indirectVolume && copies
        flags.indirectVolume = indirectVolume && flags.hasPVs
        flags.directImage = !indirectImage
        flags.indirectImage = indirectImage
        flags.hasImageStreams = sourceNamespaces.contains { $0.imageStreams > 0 }
        flags.verify = object.specFlag("verify") && view.isFinal
        flags.liveMigrate = plan.spec?["liveMigrate"]?.boolValue ?? false
        if view.isFinal {
            flags.hookPhases = Set((plan.spec?["hooks"]?.arrayValue ?? []).compactMap { $0["phase"]?.stringValue })
        }
        return flags
    }

    private func quiesceSource() {
        guard let cluster = sourceCluster else { return }
        for namespace in sourceNamespaces {
            for workload in namespace.workloads {
                let key = EmulatedState.workloadKey(
                    cluster: cluster.name, namespace: namespace.name, kind: workload.kind, name: workload.name)
                let current = pass.state.replicas(of: workload, cluster: cluster.name, namespace: namespace.name)
                if current > 0 && pass.state.preQuiesceReplicas[key] == nil {
                    pass.state.preQuiesceReplicas[key] = current
                }
                pass.state.replicas[key] = 0
            }
        }
    }

    private func unquiesceSource() {
        guard let cluster = sourceCluster else { return }
        for namespace in sourceNamespaces {
            for workload in namespace.workloads {
                let key = EmulatedState.workloadKey(
                    cluster: cluster.name, namespace: namespace.name, kind: workload.kind, name: workload.name)
                guard let before = pass.state.preQuiesceReplicas.removeValue(forKey: key) else { continue }
                pass.state.replicas[key] = before == workload.replicas ? nil : before
            }
        }
    }

    /// Plans (or extends) the copy of every volume selected for `copy`: what changed since the
    /// plan last copied it.
    private mutating func planCopy() {
        guard let plan, let planUID = plan.uid, let cluster = sourceCluster else { return }
        var job =
            run.copy
            ?? MigrationRunState.CopyJob(startedAt: now, bytesPerSecond: copyRate, volumes: [])
        let copied = pass.state.copiedBytes[planUID] ?? [:]
        for volume in plan.spec?["persistentVolumes"]?.arrayValue ?? [] {
            guard volume[path: ["selection", "action"]]?.stringValue == "copy",
                let namespace = volume[path: ["pvc", "namespace"]]?.stringValue,
                let claim = volume[path: ["pvc", "name"]]?.stringValue,
                let pvc = cluster.namespace(named: namespace)?.pvcs.first(where: { $0.name == claim })
            else { continue }
            let key = EmulatedState.volumeKey(cluster: cluster.name, namespace: namespace, claim: claim)
            let planned = job.volumes.first { $0.key == key }?.bytes ?? 0
            let delta = max(0, pvc.usedBytes - (copied[key] ?? 0) - planned)
            if let i = job.volumes.firstIndex(where: { $0.key == key }) {
                job.volumes[i].bytes += delta
                job.volumes[i].usedBytes = pvc.usedBytes
            } else {
                job.volumes.append(
                    .init(key: key, namespace: namespace, claim: claim, bytes: delta, usedBytes: pvc.usedBytes))
            }
        }
        run.copy = job
    }

    /// Real bytes per second: the inventory's rate, sped up by the time scale, slowed by the
    /// slow-copy annotation.
    private var copyRate: Double {
        var rate = Double(context.inventory.transferRate) * context.timeScale
        if let text = FailureInjection.value(FailureInjection.slowCopy, migration: object, plan: plan),
            let factor = Double(text), factor > 0
        {
            rate /= factor
        }
        return rate
    }

    private mutating func waitForCopy(step: String) -> Outcome {
        guard let job = run.copy else { return .next }
        let moved = (now - job.startedAt) * job.bytesPerSecond
        var remaining = moved
        var lines: [String] = []
        for volume in job.volumes {
            let done = Int64(max(0, min(Double(volume.bytes), remaining)))
            remaining -= Double(done)
            let percent = volume.bytes == 0 ? 100 : Int(Double(done) * 100 / Double(volume.bytes))
            let state = done >= volume.bytes ? "Completed" : (done > 0 ? "Running" : "Pending")
            lines.append(
                "[\(volume.namespace)/\(volume.claim)] \(state) \(Quantity.describe(bytes: done)) of \(Quantity.describe(bytes: volume.bytes)) (\(percent)%)"
            )
        }
        var pipeline = Pipeline(object.status?["pipeline"])
        pipeline.setProgress(step: step, lines)
        object.setStatus("pipeline", pipeline.json)
        guard moved >= Double(job.totalBytes) else {
            pass.waitingOnTime = true
            return .wait
        }
        if let planUID = plan?.uid {
            var copied = pass.state.copiedBytes[planUID] ?? [:]
            for volume in job.volumes { copied[volume.key] = volume.usedBytes }
            pass.state.copiedBytes[planUID] = copied
        }
        run.transferredBytes += job.totalBytes
        run.copy = nil
        return .next
    }

    /// Runs the plan's hook for `phase` as an emulated job that takes the operation time and
    /// fails when the fail-hook annotation names the hook.
    private mutating func runHook(phase: String, step: String) -> Outcome {
        guard let plan,
            let entry = (plan.spec?["hooks"]?.arrayValue ?? []).first(where: { $0["phase"]?.stringValue == phase })
        else { return .next }
        let hookName = entry[path: ["reference", "name"]]?.stringValue ?? ""
        let job =
            run.hookJobs[phase]
            ?? MigrationRunState.HookJob(
                name: "\(plan.name)-\(phase)-".lowercased() + Self.suffix(object.uid ?? object.name, phase),
                namespace: entry["executionNamespace"]?.stringValue ?? context.namespace, startedAt: now)
        run.hookJobs[phase] = job
        let finished = now - job.startedAt >= context.realSeconds(context.settings.operationSeconds)
        let fails = FailureInjection.value(FailureInjection.failHook, migration: object, plan: plan) == hookName
        let state = !finished ? "Running" : (fails ? "Failed" : "Completed")
        var pipeline = Pipeline(object.status?["pipeline"])
        pipeline.setProgress(step: step, ["Job \(job.namespace)/\(job.name): \(state)"])
        object.setStatus("pipeline", pipeline.json)
        if !finished {
            pass.waitingOnTime = true
            return .wait
        }
        if fails {
            return .failed(
                transientPhase: step + "Failed",
                error:
                    "Hook \(hookName) failed: job \(job.namespace)/\(job.name) reached its backoff limit (BackoffLimitExceeded)."
            )
        }
        return .next
    }

    private mutating func deleteHookJobs() {
        var pipeline = Pipeline(object.status?["pipeline"])
        for (phase, job) in run.hookJobs.sorted(by: { $0.key < $1.key }) {
            let finished = now - job.startedAt >= context.realSeconds(context.settings.operationSeconds)
            if !finished {
                pipeline.setProgress(step: phase + "Hooks", ["Job \(job.namespace)/\(job.name): Deleted"])
            }
        }
        object.setStatus("pipeline", pipeline.json)
    }

    /// Five lower-case characters derived from the run, like Kubernetes' generateName suffix.
    private static func suffix(_ seed: String, _ phase: String) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var hash = StableHash.fnv1a(seed + phase, offset: 0xcbf2_9ce4_8422_2325)
        var out = ""
        for _ in 0..<5 {
            out.append(alphabet[Int(hash % UInt64(alphabet.count))])
            hash /= UInt64(alphabet.count)
        }
        return out
    }
}
