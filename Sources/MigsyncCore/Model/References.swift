import KubeObjects

/// The MTC objects one object points at, read from its spec.
///
/// mig-controller treats a reference as set only when both name and namespace are given;
/// Git manifests often leave the namespace out, so a missing namespace here means the
/// referencing object's own namespace.
public enum References {
    /// Every object `object` (of kind `kind`) references, sorted and without duplicates.
    public static func of(_ object: KubeObject, kind: MTCKind) -> [ObjectKey] {
        let namespace = object.namespace ?? ObjectKey.defaultNamespace
        let spec = object.spec
        var keys: Set<ObjectKey> = []
        func add(_ reference: JSONValue?, _ target: MTCKind) {
            guard let name = reference?["name"]?.stringValue, !name.isEmpty else { return }
            let ns = reference?["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? namespace
            keys.insert(ObjectKey(kind: target, namespace: ns, name: name))
        }
        switch kind {
        case .migPlan:
            add(spec?["srcMigClusterRef"], .migCluster)
            add(spec?["destMigClusterRef"], .migCluster)
            add(spec?["migStorageRef"], .migStorage)
            for hook in spec?["hooks"]?.arrayValue ?? [] { add(hook["reference"], .migHook) }
        case .migMigration:
            add(spec?["migPlanRef"], .migPlan)
        case .migCluster, .migStorage, .migHook:
            break
        }
        return keys.sorted()
    }

    /// The plan a run executes, if its spec names one.
    public static func plan(ofRun object: KubeObject) -> ObjectKey? {
        of(object, kind: .migMigration).first
    }
}
