import KubeObjects

/// Finds the persistent volumes of a plan's source namespaces in the inventory and writes
/// them as `spec.persistentVolumes` entries: what each supports (actions, copy methods), a
/// default selection, and — on re-discovery — the user's existing `selection` kept.
struct PVDiscovery {
    let source: Inventory.Cluster
    let destination: Inventory.Cluster?
    let settings: MigControllerSettings
    let state: EmulatedState

    /// The discovered list, sorted by PV name. `existing` is the plan's current list, whose
    /// selections (matched by PV name) survive unless only one action is supported.
    func discover(namespaces: [NamespaceMapping], existing: [JSONValue]) -> [JSONValue] {
        var previous: [String: JSONValue] = [:]
        for entry in existing {
            if let name = entry["name"]?.stringValue, let selection = entry["selection"] { previous[name] = selection }
        }
        var entries: [(String, JSONValue)] = []
        for mapping in namespaces {
            guard let namespace = source.namespace(named: mapping.source) else { continue }
            for pvc in namespace.pvcs {
                let name = pvc.persistentVolumeName(cluster: source.name, namespace: namespace.name)
                entries.append((name, entry(for: pvc, in: namespace, pvName: name, previous: previous[name])))
            }
        }
        return entries.sorted { $0.0 < $1.0 }.map(\.1)
    }

    private func entry(
        for pvc: Inventory.PersistentVolumeClaim, in namespace: Inventory.Namespace, pvName: String,
        previous: JSONValue?
    ) -> JSONValue {
        let actions = supportedActions(for: pvc)
        let copyMethods: [String] =
            pvc.volumeMode == "Block" ? ["filesystem", "snapshot", "block"] : ["filesystem", "snapshot"]
        let owner = namespace.workloads.first { $0.claims.contains(pvc.name) }
        let mounted = owner != nil || namespace.pods.contains { $0.claims.contains(pvc.name) }

        var claim: [String: JSONValue] = [
            "namespace": .string(namespace.name), "name": .string(pvc.name),
            "accessModes": .array(pvc.accessModes.map(JSONValue.string)), "hasReference": .bool(mounted),
            "volumeMode": .string(pvc.volumeMode),
        ]
        if let owner { claim["ownerType"] = .string(owner.kind) }

        var selection: JSONValue
        if var kept = previous, kept.objectValue != nil {
            if actions.count == 1 { kept["action"] = .string(actions[0]) }
            selection = kept
        } else {
            selection = defaultSelection(for: pvc, actions: actions)
        }
        if selection["action"] == nil, actions.count == 1 { selection["action"] = .string(actions[0]) }

        var entry: [String: JSONValue] = [
            "name": .string(pvName), "capacity": .string(pvc.size), "pvc": .object(claim),
            "supported": [
                "actions": .array(actions.map(JSONValue.string)),
                "copyMethods": .array(copyMethods.map(JSONValue.string)),
            ],
            "selection": selection,
        ]
        if !pvc.storageClass.isEmpty { entry["storageClass"] = .string(pvc.storageClass) }
        return .object(entry)
    }

    /// `skip` always; `copy` unless the volume is a hostPath; `move` for NFS and AWS EBS
    /// volumes and for classes listed in `pvMoveStorageClasses`.
    func supportedActions(for pvc: Inventory.PersistentVolumeClaim) -> [String] {
        let provisioner = source.storageClass(named: pvc.storageClass)?.provisioner.lowercased() ?? ""
        var actions = ["skip"]
        if !provisioner.contains("host-path") && !provisioner.contains("hostpath") { actions.append("copy") }
        let movable =
            provisioner.contains("nfs") || provisioner == "kubernetes.io/aws-ebs" || provisioner == "ebs.csi.aws.com"
            || settings.pvMoveStorageClasses.contains(pvc.storageClass)
        if movable { actions.append("move") }
        return actions
    }

    private func defaultSelection(for pvc: Inventory.PersistentVolumeClaim, actions: [String]) -> JSONValue {
        var selection: [String: JSONValue] = [:]
        let action = actions.contains("copy") ? "copy" : (actions.count == 1 ? actions[0] : "")
        if !action.isEmpty { selection["action"] = .string(action) }
        selection["copyMethod"] = .string(pvc.volumeMode == "Block" ? "block" : "filesystem")
        if let storageClass = destinationClass(for: pvc) { selection["storageClass"] = .string(storageClass) }
        return .object(selection)
    }

    /// Same provisioner on the destination first; Gluster or NFS volumes go to Ceph (CephFS
    /// for shared access, RBD otherwise); else the destination's default class.
    func destinationClass(for pvc: Inventory.PersistentVolumeClaim) -> String? {
        guard let destination else { return nil }
        let provisioner = source.storageClass(named: pvc.storageClass)?.provisioner ?? ""
        if let same = destination.storageClasses.first(where: { $0.provisioner == provisioner && !provisioner.isEmpty })
        {
            return same.name
        }
        let lower = provisioner.lowercased()
        if lower.contains("gluster") || lower.contains("nfs") {
            let shared = pvc.accessModes.contains("ReadWriteMany") || pvc.accessModes.contains("ReadOnlyMany")
            let wanted = shared ? "cephfs" : "rbd"
            if let ceph = destination.storageClasses.first(where: { $0.provisioner.lowercased().contains(wanted) }) {
                return ceph.name
            }
        }
        return destination.defaultStorageClass?.name
    }

    /// `status.srcStorageClasses` / `destStorageClasses` form of a cluster's classes.
    static func storageClassesJSON(_ cluster: Inventory.Cluster) -> JSONValue {
        .array(
            cluster.storageClasses.map { storageClass in
                var members: [String: JSONValue] = [
                    "name": .string(storageClass.name), "provisioner": .string(storageClass.provisioner),
                    "volumeAccessModes": [
                        [
                            "volumeMode": "Filesystem",
                            "accessModes": .array(storageClass.accessModes.map(JSONValue.string)),
                        ]
                    ],
                ]
                if storageClass.isDefault { members["default"] = .bool(true) }
                return .object(members)
            })
    }
}
