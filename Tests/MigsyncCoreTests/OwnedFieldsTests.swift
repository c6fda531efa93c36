import KubeObjects
import Testing

@testable import MigsyncCore

@Suite("owned-field merge")
struct OwnedFieldsTests {
    /// The plan as Git declares it, last changed in commit 2 (the fixture's revision).
    func gitPlan() throws -> DesiredObject {
        try #require(
            DesiredObject(
                object: try Fixture.object("migplan-git"), sourcePath: "plans/shop.yaml", commit: Make.commit2))
    }

    @Test("a plan that matches Git is not written again")
    func unchangedPlan() throws {
        let observed = try Fixture.object("migplan-discovered")
        let merged = OwnedFields.merge(try gitPlan(), into: observed, branch: "main")
        #expect(!OwnedFields.differs(merged, from: observed))
        #expect(OwnedFields.changes(from: observed, to: merged).isEmpty)
    }

    @Test(
        "controller-owned fields are left as the cluster has them",
        arguments: [
            ["spec", "refresh"], ["spec", "persistentVolumes"], ["status"], ["metadata", "ownerReferences"],
            ["metadata", "resourceVersion"], ["metadata", "uid"], ["metadata", "annotations", "openshift.io/touch"],
        ])
    func controllerFieldsKept(path: [String]) throws {
        var observed = try Fixture.object("migplan-discovered")
        observed.json["metadata"]?["ownerReferences"] = [["kind": "Owner", "name": "x"]]
        var desired = try gitPlan()
        // Git tries to set each controller-owned field to something else.
        desired.object.spec?["refresh"] = true
        desired.object.status = ["conditions": []]
        desired.object.json["metadata"]?["resourceVersion"] = "999"
        desired.object.json["metadata"]?["uid"] = "other"
        desired.object.annotations = ["openshift.io/touch": "from-git"]
        let merged = OwnedFields.merge(desired, into: observed, branch: "main")
        #expect(merged.json[path: path] != nil)
        #expect(merged.json[path: path] == observed.json[path: path])
    }

    @Test("migsync's label and annotations are added next to MTC's")
    func migsyncMetadata() throws {
        var observed = try Fixture.object("migplan-discovered")
        observed.labels = ["controller-tools.k8s.io": "1.0"]
        observed.annotations = ["openshift.io/touch": "abc"]
        let desired = Make.plan()
        let merged = OwnedFields.merge(desired, into: observed, branch: "main")
        #expect(
            merged.labels == ["controller-tools.k8s.io": "1.0", "app.kubernetes.io/managed-by": "migsync"])
        #expect(
            merged.annotations == [
                "openshift.io/touch": "abc", "migsync.io/revision": "main@sha1:\(Make.commit1)",
                "migsync.io/source": "plans/shop.yaml",
            ])
    }

    @Test("MTC's labels on a run are not overwritten from Git")
    func controllerLabels() {
        var desired = Make.run("r", stage: true)
        desired.object.labels = ["migration.openshift.io/migplan-name": "wrong", "team": "a"]
        var observed = Make.observedRun(Make.run("r", stage: true), phase: nil).object
        observed.labels["migration.openshift.io/migplan-name"] = "shop"
        let merged = OwnedFields.merge(desired, into: observed, branch: "main")
        #expect(merged.labels["migration.openshift.io/migplan-name"] == "shop")
        #expect(merged.labels["team"] == "a")
    }

    @Test("a Git spec change is an update that lists the field")
    func specChange() throws {
        let observed = try Fixture.object("migplan-discovered")
        var desired = try gitPlan()
        desired.object.spec?["namespaces"] = ["shop", "shop-db", "shop-cache"]
        let merged = OwnedFields.merge(desired, into: observed, branch: "main")
        #expect(OwnedFields.differs(merged, from: observed))
        #expect(OwnedFields.changes(from: observed, to: merged).map(\.path) == ["spec.namespaces"])
    }

    @Test("a spec field removed from Git is removed from the cluster")
    func specFieldRemoved() throws {
        let observed = try Fixture.object("migplan-discovered")
        var desired = try gitPlan()
        desired.object.spec?["indirectImageMigration"] = nil
        let merged = OwnedFields.merge(desired, into: observed, branch: "main")
        let changes = OwnedFields.changes(from: observed, to: merged)
        #expect(changes == [FieldChange(path: "spec.indirectImageMigration", old: false, new: nil)])
    }

    @Test("a new revision alone changes only the revision annotation")
    func revisionOnly() throws {
        let observed = try Fixture.object("migplan-discovered")
        var desired = try gitPlan()
        desired.commit = Make.commit1
        let changes = OwnedFields.changes(
            from: observed, to: OwnedFields.merge(desired, into: observed, branch: "main"))
        #expect(changes.map(\.path) == ["metadata.annotations.migsync.io/revision"])
    }

    @Test(
        "PV selections from Git are merged into the discovered list by PVC namespace/name",
        arguments: [
            // (PVC namespace and name in Git, expected storageClass of pg-data, of uploads)
            ("shop-db", "pg-data", "gp3", "cephfs"),
            ("shop", "uploads", "ocs-rbd", "gp3"),
            ("shop-db", "pg-data:pg-new", "gp3", "cephfs"),
            ("other", "pg-data", "ocs-rbd", "cephfs"),
        ])
    func volumeSelections(namespace: String, name: String, pgClass: String, uploadsClass: String) throws {
        let observed = try Fixture.object("migplan-discovered")
        var desired = try gitPlan()
        desired.object.spec?["persistentVolumes"] = [
            ["pvc": ["namespace": .string(namespace), "name": .string(name)], "selection": ["storageClass": "gp3"]]
        ]
        let merged = OwnedFields.merge(desired, into: observed, branch: "main")
        let volumes = try #require(merged.spec?["persistentVolumes"]?.arrayValue)
        #expect(volumes.count == 2)
        #expect(volumes[0]["selection"]?["storageClass"] == .string(pgClass))
        #expect(volumes[1]["selection"]?["storageClass"] == .string(uploadsClass))
        // Selection keys Git does not set keep the controller's values, and the rest of each
        // entry (name, supported, capacity) is untouched.
        #expect(volumes[0]["selection"]?["copyMethod"] == "filesystem")
        #expect(volumes[0]["supported"] == observed.spec?["persistentVolumes"]?.arrayValue?[0]["supported"])
    }

    @Test("selections for PVCs not discovered yet are reported")
    func unmatchedSelections() throws {
        let observed = try Fixture.object("migplan-discovered")
        var desired = try gitPlan()
        desired.object.spec?["persistentVolumes"] = [
            ["pvc": ["namespace": "shop-db", "name": "pg-data"], "selection": ["action": "skip"]],
            ["pvc": ["namespace": "shop", "name": "cache"], "selection": ["action": "skip"]],
        ]
        #expect(OwnedFields.unmatchedVolumeSelections(desired: desired, observed: observed) == ["shop/cache"])
        #expect(OwnedFields.volumeSelectionKeys(desired) == ["shop-db/pg-data", "shop/cache"])
    }

    @Test("a create carries Git's spec without PV entries and without server fields")
    func create() throws {
        let created = OwnedFields.merge(try gitPlan(), into: nil, branch: "main")
        #expect(created.spec?["persistentVolumes"] == nil)
        #expect(created.spec?["namespaces"] == ["shop", "shop-db"])
        #expect(created.status == nil)
        #expect(created.resourceVersion == nil)
        #expect(created.namespace == "openshift-migration")
        #expect(created.labels["app.kubernetes.io/managed-by"] == "migsync")
        #expect(created.annotations["migsync.io/source"] == "plans/shop.yaml")
    }

    @Test(
        "numbers compare by value, not by spelling",
        arguments: [(JSONValue.int(600), JSONValue.double(600), true), (.int(600), .double(600.5), false)])
    func numbers(git: JSONValue, cluster: JSONValue, equal: Bool) {
        var desired = Make.desired(.migHook, "h", spec: ["activeDeadlineSeconds": git, "custom": true])
        var observed = OwnedFields.merge(desired, into: nil, branch: "main")
        observed.spec?["activeDeadlineSeconds"] = cluster
        desired.object.spec?["custom"] = true
        let merged = OwnedFields.merge(desired, into: observed, branch: "main")
        #expect(OwnedFields.differs(merged, from: observed) == !equal)
    }
}
