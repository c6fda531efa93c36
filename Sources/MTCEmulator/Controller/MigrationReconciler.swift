import KubeObjects
import Logging

/// MigMigration: adopts the run under its plan (owner reference, labels), gates it
/// (`InvalidSpec`, `InvalidPlanRef`, `PlanClosed`, `PlanNotReady`, `HasFinalMigration`,
/// `Postponed`) and, when nothing blocks, advances it one phase with ``MigrationTask``.
/// Completed runs are never touched again.
struct MigrationReconciler {
    let pass: ReconcilePass

    var context: ControllerContext { pass.context }

    func reconcile(_ original: KubeObject) -> KubeObject {
        let view = MigrationView(original)
        if view.isCompleted { return original }

        var object = original
        let planRef = ObjectRef(object.spec?["migPlanRef"])
        let plan = planRef.flatMap { pass.plans[$0] }
        if let plan { adopt(&object, plan: plan) }

        var conditions = ConditionList(of: object, now: pass.timestamp)
        conditions.beginStaging()
        let cancelling = view.isCanceled || conditions.had("Canceling") || conditions.had("Canceled")
        if !cancelling {
            gate(view, plan: plan, into: &conditions)
        }

        if conditions.has(category: .critical) {
            conditions.endStaging()
            object.setStatus("conditions", conditions.json)
            return object
        }
        conditions.set("Ready", category: .required, message: "The migration is ready.")

        let uid = object.uid ?? object.name
        let runState: MigrationRunState
        do {
            runState = try MigrationRunState.load(uid: uid, from: context.store)
        } catch {
            context.logger.error(
                "run state unreadable", metadata: ["migration": "\(object.name)", "error": "\(error)"])
            runState = MigrationRunState()
        }
        var task = MigrationTask(pass: pass, object: object, conditions: conditions, run: runState, plan: plan)
        task.step()
        if task.run != runState {
            do {
                try task.run.save(uid: uid, to: context.store)
            } catch {
                context.logger.error(
                    "saving run state failed", metadata: ["migration": "\(object.name)", "error": "\(error)"])
            }
        }
        object = task.object
        conditions = task.conditions
        logTransition(from: view, to: MigrationView(object), conditions: conditions)
        conditions.endStaging()
        object.setStatus("conditions", conditions.json)
        return object
    }

    private func logTransition(from before: MigrationView, to after: MigrationView, conditions: ConditionList) {
        guard before.phase != after.phase else { return }
        let metadata: Logger.Metadata = [
            "migration": "\(after.object.name)",
            "itinerary": "\(after.object.status?["itinerary"]?.stringValue ?? "")",
            "phase": "\(after.phase)",
        ]
        if after.isCompleted {
            let result =
                ["Failed", "Canceled", "SucceededWithWarnings", "Succeeded"].first { conditions.has($0) } ?? ""
            context.logger.info("migration completed", metadata: metadata.merging(["result": "\(result)"]) { $1 })
        } else if before.phase.isEmpty {
            context.logger.info("migration started", metadata: metadata)
        } else {
            context.logger.debug("migration phase", metadata: metadata)
        }
    }

    /// The plan owns its runs (deleting the plan deletes them) and labels them.
    private func adopt(_ object: inout KubeObject, plan: KubeObject) {
        var labels = object.labels
        labels["migration.openshift.io/migplan-name"] = plan.name
        if let uid = object.uid { labels["migration.openshift.io/migration-uid"] = uid }
        if labels != object.labels { object.labels = labels }

        guard let planUID = plan.uid else { return }
        var owners = object.json[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        if !owners.contains(where: { $0["uid"]?.stringValue == planUID }) {
            owners.append([
                "apiVersion": .string(ResourceType.migPlan.apiVersion), "kind": "MigPlan", "name": .string(plan.name),
                "uid": .string(planUID),
            ])
            var metadata = object.metadata
            metadata["ownerReferences"] = .array(owners)
            object.metadata = metadata
        }
    }

    private func gate(_ view: MigrationView, plan: KubeObject?, into conditions: inout ConditionList) {
        let flags = [view.isStage, view.isMigrateState, view.isRollback].filter { $0 }.count
        if flags > 1 {
            conditions.set(
                "InvalidSpec", category: .critical,
                message: "Only one of the `stage`, `migrateState` and `rollback` flags may be set.")
        }
        guard let plan else {
            conditions.set(
                "InvalidPlanRef", category: .critical, message: "The `migPlanRef` must reference a valid `migplan`.")
            return
        }
        if plan.specFlag("closed") {
            conditions.set("PlanClosed", category: .critical, message: "The associated migration plan is closed.")
        }
        if !plan.isReady && !view.isRunning {
            conditions.set("PlanNotReady", category: .critical, message: "The associated migration plan is not ready.")
        }
        if hasFinalMigration(view, plan: plan) {
            conditions.set(
                "HasFinalMigration", category: .critical,
                message: "The associated MigPlan already has a final migration.")
        }

        let pending = pass.migrations(of: ObjectRef(of: plan)).map(MigrationView.init).filter { !$0.isCompleted }
            .sorted(by: MigrationView.queueOrder)
        if let position = pending.firstIndex(where: {
            $0.object.uid == view.object.uid && $0.object.name == view.object.name
        }),
            position > 0
        {
            conditions.set(
                "Postponed", category: .critical,
                message: "Postponed \(position * 10) seconds to ensure migrations run serially and in order.")
        }
    }

    /// Stage runs are refused once a cutover or rollback ran (running, succeeded or failed);
    /// a cutover is refused once another succeeded; rollbacks are never refused. A succeeded
    /// rollback, found newest-first, ends the search.
    private func hasFinalMigration(_ view: MigrationView, plan: KubeObject) -> Bool {
        if view.isRollback || view.isRunning { return false }
        let others = pass.migrations(of: ObjectRef(of: plan)).map(MigrationView.init)
            .filter { $0.object.name != view.object.name }.sorted(by: MigrationView.newestFirst)
        for other in others {
            if other.isStage || other.isMigrateState || other.isCanceled { continue }
            if other.isRollback && other.succeeded { return false }
            if view.isStage || view.isMigrateState {
                if other.isRunning || other.succeeded || (other.isCompleted && other.failed) { return true }
            } else if other.succeeded {
                return true
            }
        }
        return false
    }
}
