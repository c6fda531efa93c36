import KubeObjects

/// One object of a repository: its file and document, ordered as a set's objects are (files
/// sorted by path, documents in file order).
struct ObjectID: Hashable, Comparable {
    var file: String
    var document: Int

    static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        lhs.file == rhs.file ? lhs.document < rhs.document : lhs.file < rhs.file
    }
}

/// What validation knows about one object: its findings, by the check that made them, and
/// the keys under which the indexes of `ValidationState` hold it.
struct ObjectEntry {
    var object: ManifestObject
    /// Single-object checks.
    var own: [Finding]
    var references: [Finding] = []
    var duplicate: [Finding] = []
    var conflict: [Finding] = []
    /// `Kind|namespace/name` for an MTC object with a name: what references resolve to.
    var declaredKey: String?
    /// The `Kind|namespace/name` keys of the complete references it makes (the host cluster
    /// left out).
    var referenceKeys: [String] = []
    /// `apiVersion|kind|namespace|name`, for objects with a name.
    var duplicateKey: String?
    /// For a plan that is not closed and lists namespaces.
    var plan: OpenPlan?

    var id: ObjectID { ObjectID(file: object.file, document: object.documentIndex) }
    var hasFindings: Bool { !own.isEmpty || !references.isEmpty || !duplicate.isEmpty || !conflict.isEmpty }
    var allFindings: [Finding] { own + references + duplicate + conflict }

    struct OpenPlan {
        /// Distinct namespace entries, sorted.
        var namespaces: [String]
        var clusters: Set<ObjectReference>
        /// Whether other plans see it: only named plans conflict with later ones.
        var named: Bool
    }
}

/// The checks across objects, kept up to date between validations: which objects are
/// declared, who references what, which objects share an identity, which open plans list a
/// namespace. After a commit, only the objects of changed files are checked again, and the
/// cross-object findings are recomputed only for objects whose inputs a change touched.
struct ValidationState {
    let settings: RepositorySettings
    private(set) var files: [ManifestFile] = []
    /// Objects by file, in document order.
    private var entries: [String: [ObjectEntry]] = [:]
    private var objectCount = 0
    /// How many objects declare each `declaredKey` (more than one is a duplicate).
    private var declaredCount: [String: Int] = [:]
    /// Objects referring to each `declaredKey`.
    private var referencers: [String: Set<ObjectID>] = [:]
    /// Objects with each `duplicateKey`, in set order.
    private var duplicates: [String: [ObjectID]] = [:]
    /// Open plans listing each namespace entry, in set order.
    private var plansByNamespace: [String: [ObjectID]] = [:]
    /// Files with at least one object with findings.
    private var filesWithFindings: Set<String> = []

    /// Checks every object of `set`, in one ordered walk: duplicates and conflicts with
    /// earlier objects are found as each object is reached, references once everything is
    /// declared.
    init(set: ManifestSet, checked: inout Int) {
        settings = set.settings
        files = set.files
        var context = ValidationContext(settings: settings)
        var all: [ObjectEntry] = []
        all.reserveCapacity(set.objects.count)
        var firstWithKey: [String: Int] = [:]
        var earlierPlans: [String: [Int]] = [:]
        var unnamedPlans: [Int] = []
        for object in set.objects {
            context.findings = []
            context.check(object)
            checked += 1
            var entry = makeEntry(object, own: context.findings)
            let position = all.count
            if let key = entry.declaredKey { declaredCount[key, default: 0] += 1 }
            for key in entry.referenceKeys { referencers[key, default: []].insert(entry.id) }
            if let key = entry.duplicateKey {
                duplicates[key, default: []].append(entry.id)
                if let first = firstWithKey[key] {
                    entry.duplicate = [duplicateFinding(entry.object, first: all[first].object)]
                } else {
                    firstWithKey[key] = position
                }
            }
            if let plan = entry.plan {
                if plan.named {
                    entry.conflict = conflictFindings(entry, earlier: { earlierPlans[$0]?.map { all[$0] } ?? [] })
                } else {
                    unnamedPlans.append(position)
                }
                for namespace in plan.namespaces {
                    plansByNamespace[namespace, default: []].append(entry.id)
                    earlierPlans[namespace, default: []].append(position)
                }
            }
            all.append(entry)
        }
        // An unnamed plan is compared with every plan of its namespaces, before or after it.
        for position in unnamedPlans {
            all[position].conflict = conflictFindings(
                all[position], earlier: { earlierPlans[$0]?.map { all[$0] } ?? [] })
        }
        for position in all.indices where !all[position].referenceKeys.isEmpty {
            all[position].references = referenceFindings(all[position].object)
        }
        objectCount = all.count
        for entry in all {
            entries[entry.object.file, default: []].append(entry)
            if entry.hasFindings { filesWithFindings.insert(entry.object.file) }
        }
    }

    /// Every finding (without the set's load findings), unsorted.
    var findings: [Finding] {
        filesWithFindings.flatMap { file in (entries[file] ?? []).flatMap(\.allFindings) }
    }

    /// Brings the state to `set` (same settings), checking only the files whose blob changed.
    /// Returns `false` when `set` is not a successor this state can follow (the caller then
    /// validates from scratch).
    mutating func update(to set: ManifestSet, checked: inout Int) -> Bool {
        // Files sorted by path on both sides: walk them together.
        var changed: [String] = []
        var i = 0
        var j = 0
        let old = files
        let new = set.files
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i].path == new[j].path {
                if old[i].blobID != new[j].blobID || new[j].blobID.isEmpty { changed.append(new[j].path) }
                i += 1
                j += 1
            } else if j == new.count || (i < old.count && old[i].path < new[j].path) {
                changed.append(old[i].path)
                i += 1
            } else {
                changed.append(new[j].path)
                j += 1
            }
        }
        files = new
        if changed.isEmpty { return objectCount == set.objects.count }

        var touchedDeclared: Set<String> = []
        var touchedDuplicates: Set<String> = []
        var touchedNamespaces: Set<String> = []
        var toResolve: Set<ObjectID> = []
        var touchedFiles = Set(changed)
        /// Single-object findings of the objects removed, by blob and document, for files
        /// that moved unchanged.
        var reusable: [String: [Finding]] = [:]

        for path in changed {
            for entry in entries.removeValue(forKey: path) ?? [] {
                objectCount -= 1
                unindex(entry, touchedDeclared: &touchedDeclared)
                if let key = entry.duplicateKey { touchedDuplicates.insert(key) }
                for namespace in entry.plan?.namespaces ?? [] { touchedNamespaces.insert(namespace) }
                if !entry.object.blobID.isEmpty {
                    reusable["\(entry.object.blobID)#\(entry.object.documentIndex)"] = entry.own
                }
            }
        }

        var context = ValidationContext(settings: settings)
        for path in changed {
            var start = SortedSearch.lowerBound(set.objects.count) { set.objects[$0].file < path }
            var added: [ObjectEntry] = []
            while start < set.objects.count && set.objects[start].file == path {
                let object = set.objects[start]
                start += 1
                let own: [Finding]
                if !object.blobID.isEmpty, let cached = reusable["\(object.blobID)#\(object.documentIndex)"] {
                    own = cached.map { finding in
                        var moved = finding
                        moved.location.file = object.file
                        return moved
                    }
                } else {
                    context.findings = []
                    context.check(object)
                    checked += 1
                    own = context.findings
                }
                let entry = makeEntry(object, own: own)
                if let key = entry.declaredKey {
                    declaredCount[key, default: 0] += 1
                    if declaredCount[key] == 1 { touchedDeclared.insert(key) }
                }
                index(entry, sorted: true, countDeclared: false)
                if let key = entry.duplicateKey { touchedDuplicates.insert(key) }
                for namespace in entry.plan?.namespaces ?? [] { touchedNamespaces.insert(namespace) }
                toResolve.insert(entry.id)
                added.append(entry)
            }
            objectCount += added.count
            if !added.isEmpty { entries[path] = added }
        }
        guard objectCount == set.objects.count else { return false }

        for key in touchedDeclared { toResolve.formUnion(referencers[key] ?? []) }
        for id in toResolve {
            resolveReferences(id)
            touchedFiles.insert(id.file)
        }
        for key in touchedDuplicates {
            for id in checkDuplicates(key) { touchedFiles.insert(id.file) }
        }
        var conflicting: Set<ObjectID> = []
        for namespace in touchedNamespaces { conflicting.formUnion(plansByNamespace[namespace] ?? []) }
        for id in conflicting {
            checkConflicts(id)
            touchedFiles.insert(id.file)
        }
        for file in touchedFiles {
            if entries[file]?.contains(where: \.hasFindings) == true {
                filesWithFindings.insert(file)
            } else {
                filesWithFindings.remove(file)
            }
        }
        return true
    }

    // MARK: - Indexes

    private func makeEntry(_ object: ManifestObject, own: [Finding]) -> ObjectEntry {
        var entry = ObjectEntry(object: object, own: own)
        if let name = object.name {
            let namespace =
                object.category == .mtc || object.category == .secret
                ? ValidationContext.namespace(of: object, settings: settings) : (object.namespace ?? "")
            entry.duplicateKey = "\(object.apiVersion)|\(object.kind)|\(namespace)|\(name)"
            if object.category == .mtc {
                entry.declaredKey = "\(object.kind)|\(namespace)/\(name)"
            }
        }
        guard let mtc = object.mtc else { return entry }
        for found in mtc.references where found.reference.isComplete {
            guard let key = referenceKey(found) else { continue }
            entry.referenceKeys.append(key)
        }
        if case .plan(let plan) = mtc, plan.spec.closed != true, let namespaces = plan.spec.namespaces {
            entry.plan = ObjectEntry.OpenPlan(
                namespaces: Set(namespaces).sorted(),
                clusters: Set([plan.spec.srcMigClusterRef, plan.spec.destMigClusterRef].compactMap { $0 }),
                named: object.name != nil)
        }
        return entry
    }

    /// The `declaredKey` a complete reference must resolve to; `nil` for the operator-owned
    /// host cluster, which may always be referenced.
    private func referenceKey(_ found: MTCReference) -> String? {
        guard let name = found.reference.name, let namespace = found.reference.namespace else { return nil }
        if found.target == .migCluster && name == settings.hostClusterName
            && namespace == RepositorySettings.controllerNamespace
        {
            return nil
        }
        return "\(found.target.kind)|\(namespace)/\(name)"
    }

    private mutating func index(_ entry: ObjectEntry, sorted: Bool, countDeclared: Bool = true) {
        let id = entry.id
        if countDeclared, let key = entry.declaredKey { declaredCount[key, default: 0] += 1 }
        for key in entry.referenceKeys { referencers[key, default: []].insert(id) }
        if let key = entry.duplicateKey { Self.insert(id, into: &duplicates[key, default: []], sorted: sorted) }
        for namespace in entry.plan?.namespaces ?? [] {
            Self.insert(id, into: &plansByNamespace[namespace, default: []], sorted: sorted)
        }
    }

    private mutating func unindex(_ entry: ObjectEntry, touchedDeclared: inout Set<String>) {
        let id = entry.id
        if let key = entry.declaredKey {
            let count = (declaredCount[key] ?? 1) - 1
            declaredCount[key] = count > 0 ? count : nil
            if count == 0 { touchedDeclared.insert(key) }
        }
        for key in entry.referenceKeys {
            referencers[key]?.remove(id)
            if referencers[key]?.isEmpty == true { referencers[key] = nil }
        }
        if let key = entry.duplicateKey {
            duplicates[key]?.removeAll { $0 == id }
            if duplicates[key]?.isEmpty == true { duplicates[key] = nil }
        }
        for namespace in entry.plan?.namespaces ?? [] {
            plansByNamespace[namespace]?.removeAll { $0 == id }
            if plansByNamespace[namespace]?.isEmpty == true { plansByNamespace[namespace] = nil }
        }
    }

    private static func insert(_ id: ObjectID, into list: inout [ObjectID], sorted: Bool) {
        if sorted {
            list.insert(id, at: SortedSearch.lowerBound(list.count) { list[$0] < id })
        } else {
            list.append(id)
        }
    }

    private func entry(_ id: ObjectID) -> ObjectEntry? {
        entries[id.file]?.first { $0.object.documentIndex == id.document }
    }

    private mutating func modify(_ id: ObjectID, _ body: (inout ObjectEntry) -> Void) {
        guard let index = entries[id.file]?.firstIndex(where: { $0.object.documentIndex == id.document }) else {
            return
        }
        body(&entries[id.file]![index])
    }

    // MARK: - Checks across objects

    /// Complete references to MTC objects the repository does not declare. The host
    /// MigCluster is created and owned by the MTC operator, so it may always be referenced.
    private func referenceFindings(_ object: ManifestObject) -> [Finding] {
        guard let mtc = object.mtc else { return [] }
        var findings: [Finding] = []
        for found in mtc.references where found.reference.isComplete {
            guard let key = referenceKey(found), let name = found.reference.name,
                let namespace = found.reference.namespace
            else { continue }
            if declaredCount[key] == nil {
                let path = FieldPath.member(found.path, "name")
                findings.append(
                    Finding(
                        .error, "reference.unresolved", at: object.location(of: path),
                        "\(found.path) refers to \(found.target.kind) \(namespace)/\(name), which the repository does not declare"
                    ))
            }
        }
        return findings
    }

    private mutating func resolveReferences(_ id: ObjectID) {
        guard let object = entry(id)?.object else { return }
        let findings = referenceFindings(object)
        modify(id) { $0.references = findings }
    }

    private func duplicateFinding(_ object: ManifestObject, first: ManifestObject) -> Finding {
        let namespace =
            object.category == .mtc || object.category == .secret
            ? ValidationContext.namespace(of: object, settings: settings) : (object.namespace ?? "")
        return Finding(
            .error, "object.duplicate", at: object.location(of: "metadata.name"),
            "\(object.kind) \(namespace)/\(object.name ?? "") is already declared at \(first.location(of: "metadata.name"))"
        )
    }

    /// Every object after the first with the same identity is a duplicate. Returns the
    /// objects checked.
    @discardableResult
    private mutating func checkDuplicates(_ key: String) -> [ObjectID] {
        let ids = duplicates[key] ?? []
        guard let firstID = ids.first, let first = entry(firstID)?.object else { return ids }
        modify(firstID) { $0.duplicate = [] }
        for id in ids.dropFirst() {
            guard let object = entry(id)?.object else { continue }
            let finding = duplicateFinding(object, first: first)
            modify(id) { $0.duplicate = [finding] }
        }
        return ids
    }

    /// Two open plans that share a cluster and a namespace entry conflict (`PlanConflict`):
    /// neither becomes Ready. Reported once, on the later plan. `earlier` gives the plans of
    /// a namespace in set order (for a named plan, those before it suffice).
    private func conflictFindings(_ planEntry: ObjectEntry, earlier: (String) -> [ObjectEntry]) -> [Finding] {
        guard let plan = planEntry.plan else { return [] }
        let id = planEntry.id
        for namespace in plan.namespaces {
            for other in earlier(namespace) {
                if plan.named && other.id == id { break }
                guard let otherPlan = other.plan, otherPlan.named else { continue }
                if !plan.clusters.isDisjoint(with: otherPlan.clusters) {
                    return [
                        Finding(
                            .error, "plan.conflict", at: planEntry.object.location(of: "spec.namespaces"),
                            "MigPlan \(planEntry.object.name ?? "") conflicts with MigPlan \(other.object.name ?? "") (\(other.object.location)): both migrate \"\(namespace)\" with a shared cluster"
                        )
                    ]
                }
            }
        }
        return []
    }

    private mutating func checkConflicts(_ id: ObjectID) {
        guard let planEntry = entry(id), planEntry.plan != nil else { return }
        let findings = conflictFindings(planEntry) { namespace in
            (plansByNamespace[namespace] ?? []).compactMap { entry($0) }
        }
        modify(id) { $0.conflict = findings }
    }
}
