import KubeObjects

extension ValidationContext {
    /// The most hooks a plan can hold: one per phase.
    static let maxHooksPerPlan = 4

    /// MigPlan: cluster/storage references present, the namespace list, hooks, volume
    /// selections. (Conflicts with other plans are checked across the repository.)
    mutating func checkPlan(_ plan: MigPlan, _ object: ManifestObject) {
        let spec = plan.spec
        checkReferenceComplete(
            spec.srcMigClusterRef, in: object, path: "spec.srcMigClusterRef", required: true)
        checkReferenceComplete(
            spec.destMigClusterRef, in: object, path: "spec.destMigClusterRef", required: true)
        // Storage-conversion plans (same cluster on both sides) need no replication repository.
        let intraCluster = spec.srcMigClusterRef != nil && spec.srcMigClusterRef == spec.destMigClusterRef
        checkReferenceComplete(
            spec.migStorageRef, in: object, path: "spec.migStorageRef", required: !intraCluster)
        checkNamespaces(spec, object)
        checkPlanHooks(spec, object)
        checkSelections(spec, object)
    }

    private mutating func checkNamespaces(_ spec: MigPlan.Spec, _ object: ManifestObject) {
        guard let entries = object.json[path: ["spec", "namespaces"]]?.arrayValue else {
            if object.json[path: ["spec", "namespaces"]] == nil {
                error("plan.namespaces", object, "spec", "spec.namespaces is required: the plan migrates no namespace")
            }
            return
        }
        if entries.isEmpty {
            error(
                "plan.namespaces", object, "spec.namespaces", "spec.namespaces is empty: the plan migrates no namespace"
            )
        }
        if entries.count > settings.maxNamespacesPerPlan {
            error(
                "plan.namespaceLimit", object, "spec.namespaces",
                "spec.namespaces has \(entries.count) entries; at most \(settings.maxNamespacesPerPlan) are allowed per plan"
            )
        }
        var sources: [String: Int] = [:]
        var destinations: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            let path = FieldPath.item("spec.namespaces", index)
            guard let text = entry.stringValue else { continue }  // the schema check reports the type
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else {
                error("plan.namespace", object, path, "\(path) \"\(text)\" must be \"name\" or \"source:destination\"")
                continue
            }
            let mapping = NamespaceMapping(entry: text)
            var valid = true
            for (side, name) in [("source", mapping.source), ("destination", mapping.destination)]
            where !DNS1123.isLabel(name) {
                error(
                    "plan.namespace", object, path,
                    "\(path): \(side) namespace \"\(name)\" is not a DNS-1123 label (lowercase letters, digits and '-', at most 63)"
                )
                valid = false
                if mapping.source == mapping.destination { break }
            }
            guard valid else { continue }
            if let first = sources[mapping.source] {
                error(
                    "plan.namespaceDuplicate", object, path,
                    "\(path): source namespace \"\(mapping.source)\" is already listed at spec.namespaces[\(first)]")
                continue
            }
            sources[mapping.source] = index
            if let first = destinations[mapping.destination] {
                error(
                    "plan.namespaceDuplicate", object, path,
                    "\(path): destination namespace \"\(mapping.destination)\" is already the destination of spec.namespaces[\(first)]"
                )
            } else {
                destinations[mapping.destination] = index
            }
        }
    }

    private mutating func checkPlanHooks(_ spec: MigPlan.Spec, _ object: ManifestObject) {
        guard let hooks = object.json[path: ["spec", "hooks"]]?.arrayValue else { return }
        if hooks.count > Self.maxHooksPerPlan {
            error(
                "plan.hooks", object, "spec.hooks",
                "spec.hooks has \(hooks.count) hooks; a plan takes at most \(Self.maxHooksPerPlan), one per phase")
        }
        var phases: [String: Int] = [:]
        let allowed = HookPhase.allCases.map(\.rawValue).joined(separator: ", ")
        for (index, raw) in hooks.enumerated() {
            let path = FieldPath.item("spec.hooks", index)
            guard raw.objectValue != nil else { continue }
            let hook = MigPlan.Hook(json: raw)
            if let phase = raw["phase"]?.stringValue {
                if HookPhase(rawValue: phase) == nil {
                    error(
                        "plan.hookPhase", object, path + ".phase",
                        "\(path).phase \"\(phase)\" must be one of \(allowed)")
                } else if let first = phases[phase] {
                    error(
                        "plan.hookPhase", object, path + ".phase",
                        "\(path).phase \(phase) already has a hook (spec.hooks[\(first)]); one hook per phase")
                } else {
                    phases[phase] = index
                }
            }
            if let namespace = hook.executionNamespace, !DNS1123.isLabel(namespace) {
                error(
                    "plan.hookNamespace", object, path + ".executionNamespace",
                    "\(path).executionNamespace \"\(namespace)\" is not a valid namespace name")
            }
            if let account = hook.serviceAccount, !DNS1123.isSubdomain(account) {
                error(
                    "plan.hookServiceAccount", object, path + ".serviceAccount",
                    "\(path).serviceAccount \"\(account)\" is not a valid service account name")
            }
            if hook.reference != nil {
                checkReferenceComplete(hook.reference, in: object, path: path + ".reference", required: true)
            }
        }
    }

    private mutating func checkSelections(_ spec: MigPlan.Spec, _ object: ManifestObject) {
        guard let volumes = object.json[path: ["spec", "persistentVolumes"]]?.arrayValue else { return }
        for (index, volume) in volumes.enumerated() {
            let path = FieldPath.item("spec.persistentVolumes", index) + ".selection"
            guard let selection = volume["selection"] else { continue }
            let checks: [(String, [String])] = [
                ("action", PVAction.allCases.map(\.rawValue)),
                ("copyMethod", PVCopyMethod.allCases.map(\.rawValue)),
                ("accessMode", PVAccessMode.allCases.map(\.rawValue)),
            ]
            for (field, allowed) in checks {
                if let value = selection[field]?.stringValue, !value.isEmpty, !allowed.contains(value) {
                    error(
                        "plan.selection", object, path + "." + field,
                        "\(path).\(field) \"\(value)\" must be one of \(allowed.joined(separator: ", "))")
                }
            }
        }
    }
}
