import KubeObjects

/// Merges what Git declares into what the cluster has, touching only the fields migsync owns.
///
/// MTC CRDs have no status subresource and mig-controller writes spec, metadata and status in
/// one update, so a write must start from the object as read and change only Git's fields.
/// Git owns the spec except `refresh` (a one-shot trigger the controller resets) and the
/// discovered `persistentVolumes` list, of which Git owns only each entry's `selection`,
/// keyed by PVC `namespace/name`. Labels and annotations from Git are laid over the
/// cluster's, so what MTC adds (its labels, `openshift.io/touch`) stays, and owner
/// references, finalizers and `status` are never touched.
public enum OwnedFields {
    /// Spec keys mig-controller writes; Git's values for them are ignored on update.
    public static let controllerSpecKeys: Set<String> = ["refresh", "persistentVolumes"]

    /// The object to create for `desired`: Git's object with migsync's metadata.
    public static func created(_ desired: DesiredObject, branch: String) -> KubeObject {
        merge(desired, into: nil, branch: branch)
    }

    /// The object to write: `observed` with Git's owned fields and migsync's metadata laid
    /// over it, or a fresh object to create when `observed` is `nil`.
    ///
    /// - Parameters:
    ///   - desired: the object as Git declares it.
    ///   - observed: the object as last read from the cluster, or `nil` to build a create.
    ///   - branch: the tracked branch, for the revision annotation.
    public static func merge(_ desired: DesiredObject, into observed: KubeObject?, branch: String) -> KubeObject {
        var result = observed ?? KubeObject(json: .object([:]))
        result.json["apiVersion"] = .string(desired.object.apiVersion)
        result.json["kind"] = .string(desired.object.kind)
        result.name = desired.object.name
        result.namespace = desired.object.namespace

        result.labels = mergedLabels(desired: desired.object.labels, observed: result.labels)
        result.annotations = mergedAnnotations(desired, observed: result.annotations, branch: branch)

        // Other top-level members (MTC kinds have none besides spec) follow Git.
        for (key, value) in desired.object.json.objectValue ?? [:]
        where !["apiVersion", "kind", "metadata", "spec", "status"].contains(key) {
            result.json[key] = value
        }

        let spec = mergedSpec(desired: desired.object.spec, observed: observed?.spec, isCreate: observed == nil)
        result.spec = spec
        if observed == nil { result.status = nil }
        return result
    }

    /// `true` when writing `merged` would change the cluster object; `false` means the pass
    /// makes no write for it.
    public static func differs(_ merged: KubeObject, from observed: KubeObject) -> Bool {
        !merged.json.semanticallyEquals(observed.json)
    }

    /// The fields a write of `merged` would change, for previews and logs.
    public static func changes(from observed: KubeObject, to merged: KubeObject) -> [FieldChange] {
        FieldChange.between(observed.json, merged.json)
    }

    /// PV selections in Git whose PVC the controller has not discovered (yet), as
    /// `namespace/name`, so they can be reported instead of silently dropped.
    public static func unmatchedVolumeSelections(desired: DesiredObject, observed: KubeObject) -> [String] {
        let discovered = Set((observed.spec?["persistentVolumes"]?.arrayValue ?? []).compactMap(volumeKey))
        let wanted = (desired.object.spec?["persistentVolumes"]?.arrayValue ?? []).compactMap(volumeKey)
        return wanted.filter { !discovered.contains($0) }.sorted()
    }

    // MARK: - Metadata

    private static func mergedLabels(desired: [String: String], observed: [String: String]) -> [String: String] {
        var labels = observed
        for (key, value) in desired where !MigsyncMetadata.controllerLabels.contains(key) {
            labels[key] = value
        }
        labels[MigsyncMetadata.managedByLabel] = MigsyncMetadata.managedByValue
        return labels
    }

    private static func mergedAnnotations(
        _ desired: DesiredObject,
        observed: [String: String],
        branch: String
    ) -> [String: String] {
        var annotations = observed
        for (key, value) in desired.object.annotations where key != MigsyncMetadata.touchAnnotation {
            annotations[key] = value
        }
        annotations[MigsyncMetadata.revisionAnnotation] = desired.revision(branch: branch).description
        annotations[MigsyncMetadata.sourceAnnotation] = desired.sourcePath
        return annotations
    }

    // MARK: - Spec

    private static func mergedSpec(desired: JSONValue?, observed: JSONValue?, isCreate: Bool) -> JSONValue? {
        var members = desired?.objectValue ?? [:]
        // A create cannot carry PV entries: the CRD requires `supported`, which only
        // discovery fills in. Selections are merged once the controller has listed the PVs.
        members["persistentVolumes"] = nil
        if isCreate { return desired == nil ? nil : .object(members) }
        members["refresh"] = observed?["refresh"]
        if let volumes = observed?["persistentVolumes"] {
            members["persistentVolumes"] = mergedVolumes(
                observed: volumes, desired: desired?["persistentVolumes"]?.arrayValue ?? [])
        }
        // Keep "no spec" as no spec, so an object without one does not look changed.
        if observed == nil && members.isEmpty { return nil }
        return .object(members)
    }

    /// The discovered list with Git's `selection` values laid over matching entries.
    ///
    /// Entries are matched by PVC `namespace/name` because PV names are generated per
    /// cluster; an entry Git does not mention keeps the controller's defaults.
    private static func mergedVolumes(observed: JSONValue, desired: [JSONValue]) -> JSONValue {
        guard let entries = observed.arrayValue else { return observed }
        var selections: [String: [String: JSONValue]] = [:]
        for entry in desired {
            guard let key = volumeKey(entry), let selection = entry["selection"]?.objectValue else { continue }
            selections[key, default: [:]].merge(selection) { _, new in new }
        }
        if selections.isEmpty { return observed }
        return .array(
            entries.map { entry in
                guard let key = volumeKey(entry), let wanted = selections[key] else { return entry }
                var selection = entry["selection"]?.objectValue ?? [:]
                selection.merge(wanted) { _, new in new }
                var updated = entry
                updated["selection"] = .object(selection)
                return updated
            })
    }

    /// `namespace/name` of an entry's PVC. A `src:dest` rename is matched by its source name.
    static func volumeKey(_ entry: JSONValue) -> String? {
        guard let pvc = entry["pvc"], let namespace = pvc["namespace"]?.stringValue,
            let rawName = pvc["name"]?.stringValue, !rawName.isEmpty
        else { return nil }
        let name = rawName.split(separator: ":", maxSplits: 1).first.map(String.init) ?? rawName
        return "\(namespace)/\(name)"
    }
}

extension OwnedFields {
    /// Every PV selection Git declares for a plan, as `namespace/name`.
    public static func volumeSelectionKeys(_ desired: DesiredObject) -> [String] {
        (desired.object.spec?["persistentVolumes"]?.arrayValue ?? []).compactMap(volumeKey).sorted()
    }
}
