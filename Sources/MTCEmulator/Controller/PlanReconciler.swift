import KubeObjects

/// MigPlan: validates references, namespaces, hooks, conflicts and registry paths;
/// discovers volumes; tracks `Suspended`, `Closed` and `Ready`.
struct PlanReconciler {
    let pass: ReconcilePass
    let conflicts: PlanConflicts

    var context: ControllerContext { pass.context }

    static let hookPhases = ["PreBackup", "PostBackup", "PreRestore", "PostRestore"]

    func reconcile(_ original: KubeObject) -> KubeObject {
        var object = original
        var conditions = ConditionList(of: object, now: pass.timestamp)

        if object.specFlag("closed") {
            // Closing drops readiness and the resources the plan ensured; afterwards the plan is
            // left alone until it is reopened.
            for type in ["Ready", "StorageEnsured", "RegistriesEnsured", "Suspended"] { conditions.remove(type) }
            conditions.set("Closed", category: .advisory, message: "The migration plan is closed.")
            object.setStatus("conditions", conditions.json)
            object.setStatus("observedGeneration", object.generation.map(JSONValue.int))
            return object
        }

        conditions.beginStaging()
        let refresh = object.specFlag("refresh")
        let suspended = !refresh && isSuspended(object)
        if suspended {
            conditions.set(
                "Suspended", category: .advisory,
                message: "Limited validation; PV discovery and resource reconciliation suspended.")
        }

        let source = resolveCluster(
            object.spec?["srcMigClusterRef"], invalid: "InvalidSourceClusterRef", notReady: "SourceClusterNotReady",
            field: "srcMigClusterRef", role: "source", into: &conditions)
        let destination = resolveCluster(
            object.spec?["destMigClusterRef"], invalid: "InvalidDestinationClusterRef",
            notReady: "DestinationClusterNotReady", field: "dstMigClusterRef", role: "destination", into: &conditions)
        let storageReady = validateStorage(object, into: &conditions)

        let namespaces = NamespaceMapping.of(plan: object)
        identifyType(object, namespaces: namespaces, source: source, destination: destination, into: &conditions)
        let (namespacesFound, unhealthy) = validateNamespaces(namespaces, source: source, into: &conditions)
        validateHooks(object, into: &conditions)
        validateRegistries(object, source: source, destination: destination, into: &conditions)

        let conflicting = conflicts.conflicts(for: object)
        if !conflicting.isEmpty {
            conditions.set(
                "PlanConflict", category: .error,
                message: "The migration plan is in conflict with \(MTCFormat.list(conflicting)).")
        }

        let frozen = PVSelectionValidation.conditionTypes + ["PvsDiscovered", "StorageEnsured"]
        if suspended {
            conditions.keep(frozen)
        } else if let source = source?.inventory, namespacesFound, !namespaces.isEmpty {
            let discovery = PVDiscovery(
                source: source, destination: destination?.inventory, settings: context.settings, state: pass.state)
            let existing = object.spec?["persistentVolumes"]?.arrayValue ?? []
            let volumes = discovery.discover(namespaces: namespaces, existing: existing)
            object.setSpec(
                "persistentVolumes", volumes.isEmpty && object.spec?["persistentVolumes"] == nil ? nil : .array(volumes)
            )
            conditions.set(
                "PvsDiscovered", category: .required,
                message: "The `persistentVolumes` list has been updated with discovered PVs.")
            object.setStatus("srcStorageClasses", PVDiscovery.storageClassesJSON(source))
            if let destination = destination?.inventory {
                object.setStatus("destStorageClasses", PVDiscovery.storageClassesJSON(destination))
                PVSelectionValidation(destination: destination, settings: context.settings)
                    .validate(volumes, into: &conditions)
            }
        }

        if !suspended && !conditions.has(category: .critical) && storageReady && source != nil && destination != nil {
            conditions.set("StorageEnsured", category: .required, message: "The storage resources have been created.")
        }
        if !conditions.hasBlocker && conditions.has("StorageEnsured") && conditions.has("PvsDiscovered") {
            conditions.set("Ready", category: .required, message: "The migration plan is ready.")
        }
        conditions.endStaging()

        object.setStatus("conditions", conditions.json)
        object.setStatus("namespaces", unhealthy)
        object.setStatus("observedGeneration", object.generation.map(JSONValue.int))
        if refresh { object.setSpec("refresh", .bool(false)) }
        return object
    }

    /// A MigCluster a plan references, found and Ready, with the emulated cluster it reaches.
    struct ResolvedCluster {
        var object: KubeObject
        var inventory: Inventory.Cluster
        var registryPath: String { object.status?["registryPath"]?.stringValue ?? "" }
    }

    private func resolveCluster(
        _ refJSON: JSONValue?, invalid: String, notReady: String, field: String, role: String,
        into conditions: inout ConditionList
    ) -> ResolvedCluster? {
        guard let ref = ObjectRef(refJSON), let cluster = pass.clusters[ref] else {
            conditions.set(invalid, category: .critical, message: "The `\(field)` must reference a valid `migcluster`.")
            return nil
        }
        guard cluster.isReady, let inventory = context.inventoryCluster(for: cluster) else {
            conditions.set(notReady, category: .critical, message: "The \(role) cluster is not ready.")
            return nil
        }
        return ResolvedCluster(object: cluster, inventory: inventory)
    }

    private func validateStorage(_ plan: KubeObject, into conditions: inout ConditionList) -> Bool {
        guard let ref = ObjectRef(plan.spec?["migStorageRef"]), let storage = pass.storages[ref] else {
            conditions.set(
                "InvalidStorageRef", category: .critical,
                message: "The `migStorageRef` must reference a valid `migstorage`.")
            return false
        }
        guard storage.isReady else {
            conditions.set(
                "StorageNotReady", category: .critical,
                message: "The referenced `migStorageRef` does not have a `Ready` condition.")
            return false
        }
        return true
    }

    /// Names the kind of plan (`MigrationTypeIdentified`): between two clusters a namespace
    /// migration; within one cluster a state migration when every namespace is mapped to a
    /// new name, a storage conversion when none is, and `IntraClusterMigration` (Critical)
    /// for a mix.
    private func identifyType(
        _ plan: KubeObject, namespaces: [NamespaceMapping], source: ResolvedCluster?, destination: ResolvedCluster?,
        into conditions: inout ConditionList
    ) {
        guard let source, let destination, !namespaces.isEmpty else { return }
        let reason: String
        if source.inventory.name != destination.inventory.name {
            reason = "NamespaceMigrationPlan"
        } else if namespaces.allSatisfy(\.isMapped) {
            reason = "StateMigrationPlan"
        } else if !namespaces.contains(where: \.isMapped) {
            reason = "StorageConversionPlan"
        } else {
            conditions.set(
                "IntraClusterMigration", category: .critical,
                message:
                    "Source and destination are the same cluster: map every namespace to a new name (state migration) or none (storage conversion)."
            )
            return
        }
        conditions.set(
            "MigrationTypeIdentified", category: .advisory, message: "Migration plan identified as \(reason).",
            reason: reason)
    }

    /// Returns whether every source namespace was found on the source cluster, and the
    /// `status.namespaces` list of unhealthy workloads (nil when all are healthy).
    private func validateNamespaces(
        _ namespaces: [NamespaceMapping], source: ResolvedCluster?, into conditions: inout ConditionList
    ) -> (Bool, JSONValue?) {
        if namespaces.isEmpty {
            conditions.set(
                "NamespaceListEmpty", category: .critical, message: "The `namespaces` list may not be empty.")
            return (false, nil)
        }
        let limit = context.settings.namespaceLimit
        if namespaces.count > limit {
            conditions.set(
                "NamespaceLimitExceeded", category: .critical,
                message: "Namespace limit: \(limit) exceeded, found:\(namespaces.count).")
        }
        let sourceDuplicates = Self.duplicates(namespaces.map(\.source))
        if !sourceDuplicates.isEmpty {
            conditions.set(
                "DuplicateNamespaceOnSourceCluster", category: .critical,
                message: "Duplicate source cluster namespaces \(MTCFormat.list(sourceDuplicates)) in migplan.")
        }
        let destinationDuplicates = Self.duplicates(namespaces.map(\.destination))
        if !destinationDuplicates.isEmpty {
            conditions.set(
                "DuplicateNamespaceOnDestinationCluster", category: .critical,
                message: "Duplicate destination cluster namespaces \(MTCFormat.list(destinationDuplicates)) in migplan."
            )
        }
        let notCompliant = namespaces.map(\.destination).filter { !DNSNames.isLabel($0) }
        if !notCompliant.isEmpty {
            conditions.set(
                "NamespaceNotDNSCompliant", category: .critical,
                message: "Destination namespaces \(MTCFormat.list(notCompliant)) are not valid DNS-1123 labels.")
        }
        let tooLong = namespaces.map(\.destination).filter { $0.count > 59 }
        if !tooLong.isEmpty {
            conditions.set(
                "NamespaceLengthExceeded", category: .warn,
                message:
                    "Namespaces \(MTCFormat.list(tooLong)) exceed 59 characters and no destination cluster route subdomain was configured. Direct Volume Migration may fail if you do not set `cluster_subdomain` value on the `MigrationController` CR."
            )
        }

        guard let source else { return (false, nil) }
        let missing = namespaces.map(\.source).filter { !source.inventory.hasNamespace($0) }
        if !missing.isEmpty {
            conditions.set(
                "NamespaceNotFoundOnSourceCluster", category: .critical,
                message: "Namespaces \(MTCFormat.list(missing)) not found on the source cluster.")
            return (false, nil)
        }

        var pods = 0
        var unhealthy: [JSONValue] = []
        for mapping in namespaces {
            guard let namespace = source.inventory.namespace(named: mapping.source) else { continue }
            pods += pass.state.runningPods(in: namespace, cluster: source.inventory.name)
            let sick = namespace.pods.filter { $0.phase != "Running" && $0.phase != "Succeeded" }
            if !sick.isEmpty {
                unhealthy.append([
                    "name": .string(namespace.name),
                    "workloads": .array(
                        sick.map { ["name": .string("pod/\($0.name)"), "resources": [.string("phase: \($0.phase)")]] }),
                ])
            }
        }
        if pods > context.settings.podLimit {
            conditions.set(
                "PodLimitExceeded", category: .warn,
                message: "Pod limit: \(context.settings.podLimit) exceeded, found: \(pods).")
        }
        if !unhealthy.isEmpty {
            conditions.set(
                "SourcePodsNotHealthy", category: .warn,
                message: "Source namespace(s) contain unhealthy pods. See: `Status.namespaces` for details.")
        }
        return (true, unhealthy.isEmpty ? nil : .array(unhealthy))
    }

    private func validateHooks(_ plan: KubeObject, into conditions: inout ConditionList) {
        let hooks = plan.spec?["hooks"]?.arrayValue ?? []
        var invalidRefs: [String] = []
        var notReady: [String] = []
        var badNamespaces: [String] = []
        var badAccounts: [String] = []
        var unknownPhases: [String] = []
        var seenPhases: [String: Int] = [:]
        for hook in hooks {
            let ref = ObjectRef(hook["reference"])
            let label = ref?.name ?? (hook[path: ["reference", "name"]]?.stringValue ?? "")
            if let ref, let found = pass.hooks[ref] {
                if !found.isReady { notReady.append(ref.name) }
            } else {
                invalidRefs.append(label)
            }
            let executionNamespace = hook["executionNamespace"]?.stringValue ?? ""
            if !DNSNames.isLabel(executionNamespace) { badNamespaces.append(executionNamespace) }
            let serviceAccount = hook["serviceAccount"]?.stringValue ?? ""
            if !DNSNames.isSubdomain(serviceAccount) { badAccounts.append(serviceAccount) }
            let phase = hook["phase"]?.stringValue ?? ""
            if Self.hookPhases.contains(phase) {
                seenPhases[phase, default: 0] += 1
            } else {
                unknownPhases.append(phase)
            }
        }
        if !invalidRefs.isEmpty {
            conditions.set(
                "InvalidHookRef", category: .critical,
                message: "Hook references \(MTCFormat.list(invalidRefs)) must reference a valid `mighook`.")
        }
        if !notReady.isEmpty {
            conditions.set(
                "HookNotReady", category: .critical, message: "Hooks \(MTCFormat.list(notReady)) are not ready.")
        }
        if !badNamespaces.isEmpty {
            conditions.set(
                "InvalidHookNSName", category: .critical,
                message: "Hook execution namespaces \(MTCFormat.list(badNamespaces)) are not valid DNS-1123 labels.")
        }
        if !badAccounts.isEmpty {
            conditions.set(
                "InvalidHookSAName", category: .critical,
                message: "Hook service accounts \(MTCFormat.list(badAccounts)) are not valid DNS-1123 subdomains.")
        }
        if !unknownPhases.isEmpty {
            conditions.set(
                "HookPhaseUnknown", category: .critical,
                message:
                    "Hook phases \(MTCFormat.list(unknownPhases)) are not one of \(MTCFormat.list(Self.hookPhases)).")
        }
        let duplicated = seenPhases.filter { $0.value > 1 }.keys.sorted()
        if !duplicated.isEmpty {
            conditions.set(
                "HookPhaseDuplicate", category: .critical,
                message: "Only one hook per phase is allowed; phases \(MTCFormat.list(duplicated)) have several.")
        }
    }

    private func validateRegistries(
        _ plan: KubeObject, source: ResolvedCluster?, destination: ResolvedCluster?,
        into conditions: inout ConditionList
    ) {
        guard !plan.specFlag("indirectImageMigration") else { return }
        if let source, source.registryPath.isEmpty {
            conditions.set(
                "SourceClusterNoRegistryPath", category: .critical,
                message:
                    "Direct image migration is selected and the source cluster is missing a configured Registry Path")
        }
        if let destination, destination.registryPath.isEmpty {
            conditions.set(
                "DestinationClusterNoRegistryPath", category: .critical,
                message:
                    "Direct image migration is selected and the destination cluster is missing a configured Registry Path"
            )
        }
    }

    /// Suspended while one of its migrations runs, or after a successful cutover that no
    /// successful rollback undid.
    private func isSuspended(_ plan: KubeObject) -> Bool {
        let runs = pass.migrations(of: ObjectRef(of: plan)).map(MigrationView.init)
        if runs.contains(where: \.isRunning) { return true }
        for run in runs.sorted(by: MigrationView.newestFirst) where !run.isStage && !run.isMigrateState {
            if run.isRollback {
                if run.succeeded { return false }
                continue
            }
            if run.isCompleted { return run.succeeded }
        }
        return false
    }

    private static func duplicates(_ names: [String]) -> [String] {
        var seen = Set<String>()
        var repeated = Set<String>()
        for name in names where !seen.insert(name).inserted { repeated.insert(name) }
        return repeated.sorted()
    }
}
