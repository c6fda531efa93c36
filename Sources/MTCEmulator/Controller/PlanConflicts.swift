import KubeObjects

/// Which open plans conflict: two plans that are not closed conflict when they share a
/// cluster reference (in either role) and a `namespaces` string (compared raw, mapping
/// included). Built once per pass from an index, so thousands of plans stay cheap.
struct PlanConflicts {
    private struct Key: Hashable {
        var cluster: ObjectRef
        var namespace: String
    }

    private var index: [Key: Set<String>] = [:]

    init(plans: [KubeObject]) {
        for plan in plans where !plan.specFlag("closed") {
            for key in Self.keys(of: plan) { index[key, default: []].insert(plan.name) }
        }
    }

    /// Names of the open plans `plan` conflicts with, sorted.
    func conflicts(for plan: KubeObject) -> [String] {
        guard !plan.specFlag("closed") else { return [] }
        var names = Set<String>()
        for key in Self.keys(of: plan) { names.formUnion(index[key] ?? []) }
        names.remove(plan.name)
        return names.sorted()
    }

    private static func keys(of plan: KubeObject) -> [Key] {
        let clusters = Set(
            [ObjectRef(plan.spec?["srcMigClusterRef"]), ObjectRef(plan.spec?["destMigClusterRef"])].compactMap { $0 })
        let namespaces = Set(NamespaceMapping.of(plan: plan).map(\.raw))
        return clusters.flatMap { cluster in namespaces.map { Key(cluster: cluster, namespace: $0) } }
    }
}
