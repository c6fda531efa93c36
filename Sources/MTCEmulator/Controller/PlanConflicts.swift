import KubeObjects

/// Which open plans conflict: two plans that are not closed conflict when they share a
/// cluster reference (in either role) and a `namespaces` string (compared raw, mapping
/// included). Kept as an index updated plan by plan, so thousands of plans stay cheap.
struct PlanConflicts {
    private struct Key: Hashable {
        var cluster: ObjectRef
        var namespace: String
    }

    private var index: [Key: Set<String>] = [:]

    init(plans: [KubeObject] = []) {
        for plan in plans { add(plan) }
    }

    /// Replaces what the index knows about one plan.
    mutating func update(previous: KubeObject?, current: KubeObject?) {
        if let previous { remove(previous) }
        if let current { add(current) }
    }

    /// Names of the open plans `plan` conflicts with, sorted.
    func conflicts(for plan: KubeObject) -> [String] {
        guard !plan.specFlag("closed") else { return [] }
        return sharing(with: plan)
    }

    /// Names of open plans sharing a cluster and a namespace with `plan` (open or closed).
    func sharing(with plan: KubeObject) -> [String] {
        var names = Set<String>()
        for key in Self.keys(of: plan) { names.formUnion(index[key] ?? []) }
        names.remove(plan.name)
        return names.sorted()
    }

    /// Whether going from `previous` to `current` can change which plans conflict (a plan
    /// appeared or went, opened or closed, or changed its clusters or namespaces).
    static func affectsConflicts(previous: KubeObject?, current: KubeObject?) -> Bool {
        guard let previous, let current else { return true }
        return previous.specFlag("closed") != current.specFlag("closed")
            || Set(keys(of: previous)) != Set(keys(of: current))
    }

    private mutating func add(_ plan: KubeObject) {
        guard !plan.specFlag("closed") else { return }
        for key in Self.keys(of: plan) { index[key, default: []].insert(plan.name) }
    }

    private mutating func remove(_ plan: KubeObject) {
        for key in Self.keys(of: plan) {
            index[key]?.remove(plan.name)
            if index[key]?.isEmpty == true { index[key] = nil }
        }
    }

    private static func keys(of plan: KubeObject) -> [Key] {
        let clusters = Set(
            [ObjectRef(plan.spec?["srcMigClusterRef"]), ObjectRef(plan.spec?["destMigClusterRef"])].compactMap { $0 })
        let namespaces = Set(NamespaceMapping.of(plan: plan).map(\.raw))
        return clusters.flatMap { cluster in namespaces.map { Key(cluster: cluster, namespace: $0) } }
    }
}
