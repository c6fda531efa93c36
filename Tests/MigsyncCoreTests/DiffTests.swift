import KubeObjects
import Testing

@testable import MigsyncCore

@Suite("diff")
struct DiffTests {
    func diff(_ desired: [DesiredObject], _ observed: [ObservedObject], createdRuns: Set<ObjectKey> = []) -> Diff {
        Diff(desired: desired, observed: observed, branch: Make.branch, createdRuns: createdRuns)
    }

    @Test("an object only in Git is created")
    func create() throws {
        let plan = Make.plan()
        let result = diff([plan], [])
        let entry = try #require(result[plan.key])
        #expect(entry.change == .create)
        let object = OwnedFields.created(try #require(entry.desired), branch: "main")
        #expect(object.labels["app.kubernetes.io/managed-by"] == "migsync")
        #expect(result.hasChanges)
    }

    @Test("an object matching Git is unchanged and the pass has no changes")
    func unchanged() {
        let plan = Make.plan()
        let result = diff([plan], [Make.observed(plan, conditions: [Make.ready])])
        #expect(result[plan.key]?.change == .unchanged)
        #expect(!result.hasChanges)
    }

    @Test("a changed object is an update listing its fields")
    func update() throws {
        let observed = Make.observed(Make.plan(namespaces: ["shop"]))
        let result = diff([Make.plan(namespaces: ["shop", "cart"])], [observed])
        let entry = try #require(result[observed.key])
        #expect(entry.fieldChanges.map(\.path) == ["spec.namespaces"])
        #expect(entry.isWrite)
    }

    @Test(
        "objects gone from Git are prune candidates only when migsync manages them",
        arguments: [(true, true), (false, false)])
    func pruneCandidates(managed: Bool, candidate: Bool) {
        let orphan = Make.observed(Make.cluster("old"), managed: managed)
        let result = diff([], [orphan])
        #expect((result[orphan.key]?.change == .pruneCandidate) == candidate)
        #expect(result.pruneCandidates.count == (candidate ? 1 : 0))
        #expect(!result.hasChanges)
    }

    @Test("entries come out in apply order")
    func order() {
        let result = diff(
            [Make.run("r", stage: true), Make.plan(), Make.storage(), Make.cluster("host"), Make.cluster("ocp3")], [])
        #expect(result.entries.map(\.key.kind) == [.migCluster, .migCluster, .migStorage, .migPlan, .migMigration])
    }

    @Test("when two files declare one object, the first path wins")
    func duplicates() throws {
        let first = Make.desired(.migHook, "h", spec: ["image": "a"], path: "a/hook.yaml")
        let second = Make.desired(.migHook, "h", spec: ["image": "b"], path: "b/hook.yaml")
        let result = diff([second, first], [])
        #expect(result.entries.count == 1)
        #expect(result[first.key]?.desired?.sourcePath == "a/hook.yaml")
    }

    // MARK: - Reuse across passes

    enum Edit: String, CaseIterable, Sendable {
        case nothing, newResourceVersion, newCommit, newBranch, runNowCreatedBefore
    }

    @Test(
        "an entry is reused only while its manifest commit and cluster version are the same", arguments: Edit.allCases)
    func reuse(edit: Edit) throws {
        let plan = Make.plan()
        let observed = Make.observed(Make.plan(namespaces: ["old"]))
        let run = Make.run("r", stage: true)
        let first = Diff(desired: [plan, run], observed: [observed], branch: "main")
        // The cluster object changed behind the same resourceVersion: only a recomputation
        // would notice, so an unchanged answer proves the entry was reused.
        var sameVersion = Make.observed(plan)
        sameVersion.object.resourceVersion = observed.object.resourceVersion
        var cluster = sameVersion
        var desired = plan
        var branch = "main"
        var createdRuns: Set<ObjectKey> = []
        switch edit {
        case .nothing: break
        case .newResourceVersion: cluster.object.resourceVersion = "2"
        case .newCommit: desired.commit = Make.commit2
        case .newBranch: branch = "release"
        case .runNowCreatedBefore: createdRuns = [run.key]
        }
        let second = Diff(
            desired: [desired, run], observed: [cluster], branch: branch, createdRuns: createdRuns, reusing: first)
        let reusedPlan = second[plan.key] === first[plan.key]
        let reusedRun = second[run.key] === first[run.key]
        switch edit {
        case .nothing, .runNowCreatedBefore: #expect(reusedPlan)
        case .newResourceVersion, .newCommit, .newBranch: #expect(!reusedPlan)
        }
        #expect(reusedRun == (edit != .runNowCreatedBefore && edit != .newBranch))
        if edit == .newResourceVersion { #expect(second[plan.key]?.change == .unchanged) }
    }

    /// What changes between two passes, for comparing a diff updated from the last one
    /// with one computed from scratch.
    enum PassChange: String, CaseIterable, Sendable {
        case nothing, oneManifestEdited, oneClusterVersion, orphanBecomesManaged, managedOrphanReleased,
            objectRenamed, objectReplacedByAnother, manyClusterVersions, runCreatedBefore, clusterOrderChanged
    }

    @Test("a diff updated from the last pass equals one computed from scratch", arguments: PassChange.allCases)
    func updatedEqualsFresh(change: PassChange) {
        var desired =
            (0..<100).map { Make.plan("p\($0)", namespaces: [.string("n\($0)")]) } + [
                Make.run("r", plan: "p0", stage: true)
            ]
        var observed = desired.prefix(90).map { Make.observed($0, conditions: [Make.ready]) }
        observed += [
            Make.observed(Make.plan("orphan"), managed: false), Make.observed(Make.plan("managed-orphan")),
        ]
        var createdRuns: Set<ObjectKey> = []
        let first = diff(desired, observed)
        func newVersion(_ object: ObservedObject, namespaces: [JSONValue]) -> ObservedObject {
            var changed = object
            changed.object = OwnedFields.merge(
                Make.plan(object.key.name, namespaces: namespaces), into: nil, branch: Make.branch)
            changed.object.resourceVersion = "2"
            return changed
        }
        switch change {
        case .nothing: break
        case .oneManifestEdited: desired[5] = Make.plan("p5", namespaces: ["other"], commit: Make.commit2)
        case .oneClusterVersion: observed[7] = newVersion(observed[7], namespaces: ["edited"])
        case .orphanBecomesManaged: observed[90] = Make.observed(Make.plan("orphan"))
        case .managedOrphanReleased: observed[91] = Make.observed(Make.plan("managed-orphan"), managed: false)
        case .objectRenamed: desired[3] = Make.plan("renamed", namespaces: ["n3"])
        case .objectReplacedByAnother:
            desired.remove(at: 4)
            desired.append(Make.plan("added"))
        case .manyClusterVersions:
            for index in 0..<80 { observed[index] = newVersion(observed[index], namespaces: ["many"]) }
        case .runCreatedBefore: createdRuns = [desired[100].key]
        case .clusterOrderChanged: observed.reverse()
        }
        let updated = Diff(
            desired: desired, observed: observed, branch: Make.branch, createdRuns: createdRuns, reusing: first)
        let fresh = diff(desired, observed, createdRuns: createdRuns)
        #expect(updated == fresh)
        #expect(updated.entries.map(\.key) == fresh.entries.map(\.key))
        for entry in fresh.entries { #expect(updated[entry.key] == entry, "\(entry.key)") }
    }

    @Test(
        "a diff says how many entries it took over from the last one, updated or compared in full",
        arguments: [(3, true), (80, false)])
    func carriedEntriesCounted(newVersions: Int, updated: Bool) {
        let desired = (0..<100).map { Make.plan("p\($0)", namespaces: [.string("n\($0)")]) }
        var observed = desired.map { Make.observed($0, conditions: [Make.ready]) }
        let first = diff(desired, observed)
        #expect(first.carriedEntries == 0)
        let same = Diff(desired: desired, observed: observed, branch: Make.branch, reusing: first)
        #expect(same.carriedEntries == 100)
        for index in 0..<newVersions {
            var object = observed[index].object
            object.resourceVersion = "2"
            observed[index] = ObservedObject(object: object)!
        }
        let next = Diff(desired: desired, observed: observed, branch: Make.branch, reusing: same)
        #expect((next.update != nil) == updated)
        #expect(next.carriedEntries == 100 - newVersions)
    }

    // MARK: - Runs

    @Test("a new run is created once; an existing one is not created again")
    func runCreatedOnce() {
        let run = Make.run("shop-stage-1", stage: true)
        if case .create = diff([run], [])[run.key]?.change {} else { Issue.record("a new run should be created") }
        let existing = Make.observedRun(run, phase: "Completed", conditions: [Make.succeeded])
        #expect(diff([run], [existing])[run.key]?.change == .unchanged)
    }

    @Test("a run created before and gone from the cluster is not created again")
    func runNotRecreated() {
        let run = Make.run("shop-stage-1", stage: true)
        #expect(diff([run], [], createdRuns: [run.key])[run.key]?.change == .runNotRecreated)
    }

    @Test(
        "edits of a created run are reported, never applied",
        arguments: [
            (["quiescePods": true] as [String: JSONValue], ["spec.quiescePods"]),
            (["stage": false], ["spec.stage"]),
            (["migPlanRef": Make.ref("other")], ["spec.migPlanRef.name"]),
            (["verify": false], []),
        ])
    func immutableRun(edit: [String: JSONValue], reported: [String]) throws {
        let created = Make.run("shop-stage-1", stage: true)
        let observed = Make.observedRun(created, phase: "StageBackupCreated")
        let edited = Make.run("shop-stage-1", stage: true, commit: Make.commit2, extra: edit)
        let entry = try #require(diff([edited], [observed])[edited.key])
        #expect(entry.change == .unchanged)
        #expect(entry.rejectedRunEdits.map(\.path) == reported)
    }

    @Test("canceled: true propagates to a running run, and nothing else does")
    func cancel() throws {
        let created = Make.run("shop-cutover", stage: false)
        let observed = Make.observedRun(created, phase: "EnsureInitialBackup")
        let edited = Make.run(
            "shop-cutover", stage: false, commit: Make.commit2, extra: ["canceled": true, "quiescePods": true])
        let entry = try #require(diff([edited], [observed])[edited.key])
        guard case .cancelRun(let object) = entry.change else {
            Issue.record("expected cancel, got \(entry.change)")
            return
        }
        #expect(object.spec?["canceled"] == true)
        #expect(object.spec?["quiescePods"] == nil)
        #expect(object.status == observed.object.status)
        #expect(object.annotations["migsync.io/revision"] == "main@sha1:\(Make.commit2)")
        #expect(entry.rejectedRunEdits.map(\.path) == ["spec.quiescePods"])
        #expect(entry.fieldChanges == [FieldChange(path: "spec.canceled", old: nil, new: true)])
    }

    @Test(
        "canceling is not written again, nor to a completed run",
        arguments: [("EnsureInitialBackup", true), ("Completed", false)])
    func cancelOnce(phase: String, alreadyCanceled: Bool) {
        let extra: [String: JSONValue] = alreadyCanceled ? ["canceled": true] : [:]
        let observed = Make.observedRun(Make.run("r", stage: false, extra: extra), phase: phase)
        let wanted = Make.run("r", stage: false, extra: ["canceled": true])
        #expect(diff([wanted], [observed])[wanted.key]?.change == .unchanged)
    }

    @Test("a plan's PV selections for undiscovered PVCs are listed on the entry")
    func pendingSelections() throws {
        var plan = Make.plan()
        plan.object.spec?["persistentVolumes"] = [["pvc": ["namespace": "shop", "name": "data"], "selection": [:]]]
        #expect(diff([plan], [])[plan.key]?.pendingVolumeSelections == ["shop/data"])
        let observed = Make.observed(Make.plan())
        #expect(diff([plan], [observed])[plan.key]?.pendingVolumeSelections == ["shop/data"])
    }
}
