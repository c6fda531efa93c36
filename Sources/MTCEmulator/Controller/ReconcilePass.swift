import Foundation
import KubeObjects
import Logging

/// One pass over the MTC objects that changed since the last pass and those depending on
/// them, in the order things depend on each other: clusters, storage and hooks, then plans
/// (which read them), then migrations (which read plans). A plan sees its clusters' new
/// conditions in the same pass; what a write changes for others is picked up from the event
/// log by the next pass.
final class ReconcilePass {
    let context: ControllerContext
    let cache: ObjectCache
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
    /// Migrations by plan, in name order.
    private var migrationsByPlan: [ObjectRef: [ObjectRef]] = [:]
    private var migrationObjects: [ObjectRef: KubeObject] = [:]
    /// Replica counts and copied data, loaded at the start of the pass and saved at its end
    /// when a migration changed them.
    var state = EmulatedState()

    init(context: ControllerContext, cache: ObjectCache) {
        self.context = context
        self.cache = cache
        self.now = context.clock.now
    }

    var timestamp: String { MTCFormat.timestamp(now) }

    func run() throws {
        let store = context.store
        let changes = try cache.sync(from: store, namespace: context.namespace)
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

        let carried = cache.carriedPlans
        cache.carriedPlans = []
        if changes.isEmpty && carried.isEmpty && cache.waiting.isEmpty { return }

        clusters = cache.objects(.migCluster)
        storages = cache.objects(.migStorage)
        hooks = cache.objects(.migHook)
        plans = cache.objects(.migPlan)
        migrationObjects = cache.objects(.migMigration)
        let dirty = DirtySet(changes: changes, cache: cache)

        for ref in dirty.clusters.sorted(by: Self.byName) {
            guard let object = clusters[ref] else { continue }
            clusters[ref] = write(ClusterReconciler(pass: self).reconcile(object), old: object, as: .migCluster)
        }
        for ref in dirty.storages.sorted(by: Self.byName) {
            guard let object = storages[ref] else { continue }
            storages[ref] = write(StorageReconciler(pass: self).reconcile(object), old: object, as: .migStorage)
        }
        for ref in dirty.hooks.sorted(by: Self.byName) {
            guard let object = hooks[ref] else { continue }
            hooks[ref] = write(HookReconciler(pass: self).reconcile(object), old: object, as: .migHook)
        }

        collectOrphans()
        indexMigrations()

        var dirtyPlans = dirty.plans.union(carried)
        for plan in plans.values where dirty.planDependsOnChange(plan) { dirtyPlans.insert(ObjectRef(of: plan)) }
        for ref in dirty.migrations {
            let migration = migrationObjects[ref] ?? changes[ResourceType.migMigration.kind]?[ref]?.previous
            if let planRef = migration.flatMap({ ObjectRef($0.spec?["migPlanRef"]) }) { dirtyPlans.insert(planRef) }
        }
        let conflicts = cache.conflicts
        for change in (changes[ResourceType.migPlan.kind] ?? [:]).values
        where PlanConflicts.affectsConflicts(previous: change.previous, current: change.current) {
            // Plans that shared (or now share) a cluster and namespace with a changed plan.
            for version in [change.previous, change.current].compactMap({ $0 }) {
                for name in conflicts.sharing(with: version) {
                    dirtyPlans.insert(ObjectRef(namespace: context.namespace, name: name))
                }
            }
        }
        for ref in dirtyPlans.sorted(by: Self.byName) {
            guard let object = plans[ref] else { continue }
            let reconciler = PlanReconciler(pass: self, conflicts: conflicts)
            plans[ref] = write(reconciler.reconcile(object), old: object, as: .migPlan)
        }

        var dirtyMigrations = dirty.migrations.union(cache.waiting)
        for planRef in dirtyPlans { dirtyMigrations.formUnion(migrationsByPlan[planRef] ?? []) }
        var waiting = Set<ObjectRef>()
        for ref in dirtyMigrations.sorted(by: Self.byName) {
            guard let object = migrationObjects[ref] else { continue }
            let waitedBefore = waitingOnTime
            waitingOnTime = false
            let updated = write(MigrationReconciler(pass: self).reconcile(object), old: object, as: .migMigration)
            if updated != object, let planRef = ObjectRef(updated.spec?["migPlanRef"]) {
                // The plan (Suspended) and the other runs of the plan (queue, gating) read
                // this run's progress.
                cache.carriedPlans.insert(planRef)
            }
            migrationObjects[ref] = updated
            if waitingOnTime { waiting.insert(ref) }
            waitingOnTime = waitingOnTime || waitedBefore
        }
        cache.waiting = waiting
    }

    /// Migrations of this plan, in name order.
    func migrations(of plan: ObjectRef) -> [KubeObject] {
        (migrationsByPlan[plan] ?? []).compactMap { migrationObjects[$0] }
    }

    /// Replaces a plan in this pass's view and the store (a migration's StartRefresh); the
    /// plan is reconciled next pass.
    func updatePlan(_ plan: KubeObject, old: KubeObject) -> KubeObject {
        let updated = write(plan, old: old, as: .migPlan)
        plans[ObjectRef(of: updated)] = updated
        cache.carriedPlans.insert(ObjectRef(of: updated))
        return updated
    }

    /// Writes `object` when it differs from `old`; returns what the store now holds (or `old`
    /// when the write lost a race with another writer — the next pass retries).
    func write(_ object: KubeObject, old: KubeObject, as type: ResourceType) -> KubeObject {
        guard object.json != old.json else { return old }
        var toWrite = object
        toWrite.resourceVersion = old.resourceVersion
        if object.spec != old.spec, let generation = old.generation,
            object.status?["observedGeneration"]?.intValue == generation
        {
            // The store bumps `generation` for this spec change; the controller has observed
            // what it wrote itself.
            toWrite.setStatus("observedGeneration", .int(generation + 1))
        }
        do {
            let stored = try context.store.update(toWrite, as: type)
            cache.put(stored, as: type)
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

    private static func byName(_ a: ObjectRef, _ b: ObjectRef) -> Bool { a.name < b.name }

    private func indexMigrations() {
        migrationsByPlan = [:]
        for (ref, migration) in migrationObjects {
            guard let plan = ObjectRef(migration.spec?["migPlanRef"]) else { continue }
            migrationsByPlan[plan, default: []].append(ref)
        }
        for key in migrationsByPlan.keys { migrationsByPlan[key]?.sort(by: Self.byName) }
    }

    /// Deletes migrations owned by a plan that no longer exists (Kubernetes garbage collection
    /// of the plan → migration owner reference).
    private func collectOrphans() {
        let planUIDs = Set(plans.values.compactMap(\.uid))
        for (ref, migration) in migrationObjects {
            let owners = migration.json[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
            let planOwners = owners.filter { $0["kind"]?.stringValue == "MigPlan" }.compactMap {
                $0["uid"]?.stringValue
            }
            guard !planOwners.isEmpty, planOwners.allSatisfy({ !planUIDs.contains($0) }) else { continue }
            do {
                _ = try context.store.delete(.migMigration, namespace: migration.namespace, name: migration.name)
                wrote = true
                context.logger.info("deleted migration of a deleted plan", metadata: ["migration": "\(migration.name)"])
            } catch StoreError.notFound {
                // Already gone.
            } catch {
                context.logger.debug("garbage collection failed", metadata: ["error": "\(error)"])
                continue
            }
            migrationObjects[ref] = nil
            cache.remove(ref, as: .migMigration)
        }
    }
}

/// Which objects a pass reconciles: those that changed, and those reading something that
/// changed (a secret → clusters and storage; a cluster, storage or hook → plans).
struct DirtySet {
    var clusters: Set<ObjectRef> = []
    var storages: Set<ObjectRef> = []
    var hooks: Set<ObjectRef> = []
    var plans: Set<ObjectRef> = []
    var migrations: Set<ObjectRef> = []

    init(changes: ObjectCache.Changes, cache: ObjectCache) {
        func changed(_ type: ResourceType) -> Set<ObjectRef> { Set((changes[type.kind] ?? [:]).keys) }
        clusters = changed(.migCluster)
        storages = changed(.migStorage)
        hooks = changed(.migHook)
        plans = changed(.migPlan)
        migrations = changed(.migMigration)
        let secrets = changed(.secret)
        if !secrets.isEmpty {
            for (ref, cluster) in cache.objects(.migCluster)
            where ObjectRef(cluster.spec?["serviceAccountSecretRef"]).map(secrets.contains) == true {
                clusters.insert(ref)
            }
            for (ref, storage) in cache.objects(.migStorage) {
                let refs = [
                    storage.spec?[path: ["backupStorageConfig", "credsSecretRef"]],
                    storage.spec?[path: ["volumeSnapshotConfig", "credsSecretRef"]],
                ].compactMap { ObjectRef($0) }
                if refs.contains(where: secrets.contains) { storages.insert(ref) }
            }
        }
    }

    /// Whether a plan references a cluster, storage or hook reconciled in this pass.
    func planDependsOnChange(_ plan: KubeObject) -> Bool {
        guard !clusters.isEmpty || !storages.isEmpty || !hooks.isEmpty else { return false }
        let spec = plan.spec
        if let ref = ObjectRef(spec?["srcMigClusterRef"]), clusters.contains(ref) { return true }
        if let ref = ObjectRef(spec?["destMigClusterRef"]), clusters.contains(ref) { return true }
        if let ref = ObjectRef(spec?["migStorageRef"]), storages.contains(ref) { return true }
        return (spec?["hooks"]?.arrayValue ?? []).contains { ObjectRef($0["reference"]).map(hooks.contains) == true }
    }
}
