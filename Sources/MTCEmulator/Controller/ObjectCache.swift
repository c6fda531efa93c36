import KubeObjects

/// The controller's copy of the objects it reconciles, kept current from the store's event
/// log, so a pass only reconciles what changed (and what depends on it) instead of every
/// object: with thousands of plans, an update to one plan costs one plan's work.
///
/// Only touched inside a pass, and passes are serialized.
final class ObjectCache: @unchecked Sendable {
    /// What happened to one object since the last sync.
    struct Change {
        var previous: KubeObject?
        var current: KubeObject?
    }

    /// Changes since the last sync, by kind and object.
    typealias Changes = [String: [ObjectRef: Change]]

    static let watched: [ResourceType] = [.migCluster, .migStorage, .migHook, .migPlan, .migMigration, .secret]

    private var version: Int64?
    private(set) var objects: [String: [ObjectRef: KubeObject]] = [:]
    /// Open plans by the cluster and namespace pairs they claim.
    private(set) var conflicts = PlanConflicts()
    /// Migrations whose last pass waited on time (a copy, a job): reconciled every pass.
    var waiting: Set<ObjectRef> = []
    /// Plans the next pass must reconcile because this controller changed something they
    /// read (a migration's progress, a plan's refresh flag). The controller's own writes are
    /// not reported as changes, so these carry the dependency instead.
    var carriedPlans: Set<ObjectRef> = []

    func objects(_ type: ResourceType) -> [ObjectRef: KubeObject] { objects[type.kind] ?? [:] }

    /// Records an object this controller just wrote; its event, when it arrives, matches and
    /// is not reported as a change.
    func put(_ object: KubeObject, as type: ResourceType) {
        let ref = ObjectRef(of: object)
        if type == .migPlan { conflicts.update(previous: objects[type.kind]?[ref], current: object) }
        objects[type.kind, default: [:]][ref] = object
    }

    func remove(_ ref: ObjectRef, as type: ResourceType) {
        if type == .migPlan { conflicts.update(previous: objects[type.kind]?[ref], current: nil) }
        objects[type.kind]?[ref] = nil
    }

    /// Brings the cache up to date and returns what changed. The first sync, and any sync
    /// after the event log was truncated, reads everything and reports every object changed.
    func sync(from store: any ObjectStore, namespace: String) throws -> Changes {
        let target = try store.currentResourceVersion()
        guard let version else { return try relist(from: store, namespace: namespace, at: target) }
        if target == version { return [:] }
        var changes: Changes = [:]
        do {
            for type in Self.watched {
                var after = version
                while true {
                    let events = try store.events(
                        of: type, namespace: type == .secret ? nil : namespace, after: after, limit: 1000)
                    for event in events { apply(event, as: type, into: &changes) }
                    guard let last = events.last, events.count == 1000 else { break }
                    after = last.resourceVersion
                }
            }
        } catch StoreError.gone {
            return try relist(from: store, namespace: namespace, at: target)
        }
        self.version = target
        return changes
    }

    private func apply(_ event: StoreEvent, as type: ResourceType, into changes: inout Changes) {
        let ref = ObjectRef(of: event.object)
        let cached = objects[type.kind]?[ref]
        let current: KubeObject? = event.kind == .deleted ? nil : event.object
        if current == cached && changes[type.kind]?[ref] == nil { return }
        let previous = changes[type.kind]?[ref]?.previous ?? cached
        if type == .migPlan { conflicts.update(previous: cached, current: current) }
        if let current { objects[type.kind, default: [:]][ref] = current } else { objects[type.kind]?[ref] = nil }
        changes[type.kind, default: [:]][ref] = Change(previous: previous, current: current)
    }

    private func relist(from store: any ObjectStore, namespace: String, at target: Int64) throws -> Changes {
        var changes: Changes = [:]
        var fresh: [String: [ObjectRef: KubeObject]] = [:]
        for type in Self.watched {
            for object in try store.list(type, namespace: type == .secret ? nil : namespace) {
                fresh[type.kind, default: [:]][ObjectRef(of: object)] = object
            }
            for (ref, old) in objects[type.kind] ?? [:] where fresh[type.kind]?[ref] == nil {
                changes[type.kind, default: [:]][ref] = Change(previous: old, current: nil)
            }
            for (ref, object) in fresh[type.kind] ?? [:] {
                changes[type.kind, default: [:]][ref] = Change(previous: objects[type.kind]?[ref], current: object)
            }
        }
        objects = fresh
        conflicts = PlanConflicts(plans: Array((fresh[ResourceType.migPlan.kind] ?? [:]).values))
        version = target
        return changes
    }
}
