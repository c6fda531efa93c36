import Foundation
import KubeObjects
import Logging

/// One pass over every MTC object, in the order things depend on each other: clusters,
/// storage and hooks, then plans (which read them), then migrations (which read plans).
/// Each kind is listed after the previous kind was written, so a plan sees its clusters'
/// new conditions in the same pass.
final class ReconcilePass {
    let context: ControllerContext
    let now: Date
    /// Something was written; the next pass must run.
    private(set) var wrote = false
    /// Some migration waits on time (a copy, a hook job); the next pass must run even when
    /// the store did not change.
    var waitingOnTime = false

    private(set) var clusters: [ObjectRef: KubeObject] = [:]
    private(set) var storages: [ObjectRef: KubeObject] = [:]
    private(set) var hooks: [ObjectRef: KubeObject] = [:]
    private(set) var plans: [ObjectRef: KubeObject] = [:]
    private(set) var migrations: [KubeObject] = []
    /// Replica counts and copied data, loaded at the start of the pass and saved at its end
    /// when a migration changed them.
    var state = EmulatedState()

    init(context: ControllerContext) {
        self.context = context
        self.now = context.clock.now
    }

    var timestamp: String { MTCFormat.timestamp(now) }

    func run() throws {
        let store = context.store
        let ns = context.namespace
        state = try EmulatedState.load(from: store)
        let initialState = state
        defer {
            if state != initialState {
                do {
                    try state.save(to: store)
                } catch {
                    context.logger.error("saving emulated cluster state failed", metadata: ["error": "\(error)"])
                }
            }
        }

        for object in try store.list(.migCluster, namespace: ns) {
            let updated = write(ClusterReconciler(pass: self).reconcile(object), old: object, as: .migCluster)
            clusters[ObjectRef(of: updated)] = updated
        }
        for object in try store.list(.migStorage, namespace: ns) {
            let updated = write(StorageReconciler(pass: self).reconcile(object), old: object, as: .migStorage)
            storages[ObjectRef(of: updated)] = updated
        }
        for object in try store.list(.migHook, namespace: ns) {
            let updated = write(HookReconciler(pass: self).reconcile(object), old: object, as: .migHook)
            hooks[ObjectRef(of: updated)] = updated
        }

        let planObjects = try store.list(.migPlan, namespace: ns)
        for plan in planObjects { plans[ObjectRef(of: plan)] = plan }
        migrations = try collectOrphans(try store.list(.migMigration, namespace: ns))

        let conflicts = PlanConflicts(plans: planObjects)
        for object in planObjects {
            let reconciler = PlanReconciler(pass: self, conflicts: conflicts)
            let updated = write(reconciler.reconcile(object), old: object, as: .migPlan)
            plans[ObjectRef(of: updated)] = updated
        }

        for index in migrations.indices {
            let object = migrations[index]
            let updated = write(MigrationReconciler(pass: self).reconcile(object), old: object, as: .migMigration)
            migrations[index] = updated
        }
    }

    /// Migrations of this plan, oldest first.
    func migrations(of plan: ObjectRef) -> [KubeObject] {
        migrations.filter { ObjectRef($0.spec?["migPlanRef"]) == plan }
    }

    /// Replaces a plan in this pass's view and the store (a migration's StartRefresh).
    func updatePlan(_ plan: KubeObject, old: KubeObject) -> KubeObject {
        let updated = write(plan, old: old, as: .migPlan)
        plans[ObjectRef(of: updated)] = updated
        return updated
    }

    /// Writes `object` when it differs from `old`; returns what the store now holds (or `old`
    /// when the write lost a race with another writer — the next pass retries).
    func write(_ object: KubeObject, old: KubeObject, as type: ResourceType) -> KubeObject {
        guard object.json != old.json else { return old }
        var toWrite = object
        toWrite.resourceVersion = old.resourceVersion
        do {
            let stored = try context.store.update(toWrite, as: type)
            wrote = true
            return stored
        } catch StoreError.conflict {
            context.logger.debug(
                "write conflict, retrying next pass", metadata: ["kind": "\(type.kind)", "name": "\(object.name)"])
            wrote = true
            return old
        } catch {
            context.logger.warning(
                "write failed", metadata: ["kind": "\(type.kind)", "name": "\(object.name)", "error": "\(error)"])
            return old
        }
    }

    /// Deletes migrations owned by a plan that no longer exists (Kubernetes garbage collection
    /// of the plan → migration owner reference) and returns the rest.
    private func collectOrphans(_ all: [KubeObject]) throws -> [KubeObject] {
        let planUIDs = Set(plans.values.compactMap(\.uid))
        var kept: [KubeObject] = []
        for migration in all {
            let owners = migration.json[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
            let planOwners = owners.filter { $0["kind"]?.stringValue == "MigPlan" }.compactMap {
                $0["uid"]?.stringValue
            }
            if !planOwners.isEmpty && planOwners.allSatisfy({ !planUIDs.contains($0) }) {
                do {
                    _ = try context.store.delete(.migMigration, namespace: migration.namespace, name: migration.name)
                    wrote = true
                    context.logger.info(
                        "deleted migration of a deleted plan", metadata: ["migration": "\(migration.name)"])
                } catch {
                    context.logger.debug("garbage collection failed", metadata: ["error": "\(error)"])
                }
                continue
            }
            kept.append(migration)
        }
        return kept
    }
}
