import KubeObjects

/// A reference from one MTC object to another MTC object, with the field that holds it.
public struct MTCReference: Sendable, Hashable {
    /// Field path of the reference (`spec.hooks[0].reference`).
    public var path: String
    public var reference: ObjectReference
    /// The kind referred to.
    public var target: ResourceType

    public init(path: String, reference: ObjectReference, target: ResourceType) {
        self.path = path
        self.reference = reference
        self.target = target
    }
}

extension MTCObject {
    /// Every reference this object makes to another MTC object (Secrets are not MTC
    /// objects and are left out): what must exist, and be applied, before this one.
    public var references: [MTCReference] {
        var found: [MTCReference] = []
        func add(_ path: String, _ reference: ObjectReference?, _ target: ResourceType) {
            if let reference { found.append(MTCReference(path: path, reference: reference, target: target)) }
        }
        switch self {
        case .plan(let plan):
            add("spec.srcMigClusterRef", plan.spec.srcMigClusterRef, .migCluster)
            add("spec.destMigClusterRef", plan.spec.destMigClusterRef, .migCluster)
            add("spec.migStorageRef", plan.spec.migStorageRef, .migStorage)
            for (index, hook) in (plan.spec.hooks ?? []).enumerated() {
                add(FieldPath.item("spec.hooks", index) + ".reference", hook.reference, .migHook)
            }
        case .migration(let migration):
            add("spec.migPlanRef", migration.spec.migPlanRef, .migPlan)
        case .cluster, .storage, .hook:
            break
        }
        return found
    }
}
