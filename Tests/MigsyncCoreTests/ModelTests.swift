import KubeObjects
import Testing

@testable import MigsyncCore

@Suite("object model")
struct ModelTests {
    @Test(
        "kinds are recognised only under the MTC API version",
        arguments: [
            ("MigPlan", "migration.openshift.io/v1alpha1", MTCKind?.some(.migPlan)),
            ("MigMigration", "migration.openshift.io/v1alpha1", .some(.migMigration)),
            ("MigPlan", "migration.openshift.io/v1beta1", nil),
            ("Secret", "v1", nil),
            ("Policy", "migsync.io/v1alpha1", nil),
        ])
    func kindRecognition(kind: String, apiVersion: String, expected: MTCKind?) {
        #expect(MTCKind(kind: kind, apiVersion: apiVersion) == expected)
    }

    @Test("keys sort clusters, storage and hooks before plans before runs")
    func keyOrder() {
        let keys = [
            ObjectKey(kind: .migMigration, name: "a"), ObjectKey(kind: .migPlan, name: "z"),
            ObjectKey(kind: .migHook, name: "h"), ObjectKey(kind: .migCluster, name: "c"),
            ObjectKey(kind: .migStorage, name: "s"),
        ]
        #expect(keys.sorted().map(\.kind) == [.migCluster, .migStorage, .migHook, .migPlan, .migMigration])
        #expect(MTCKind.migHook.tier == MTCKind.migCluster.tier)
        #expect(MTCKind.migPlan.tier < MTCKind.migMigration.tier)
    }

    @Test(
        "revisions read and write as branch@sha1:commit",
        arguments: [
            ("main@sha1:0123abcd", Revision?.some(Revision(branch: "main", commit: "0123abcd"))),
            ("release/1.2@sha1:ff00", .some(Revision(branch: "release/1.2", commit: "ff00"))),
            ("main@sha1:", nil), ("@sha1:abcd", nil), ("main:abcd", nil), ("main@sha1:xyz", nil),
        ])
    func revisionParsing(text: String, expected: Revision?) {
        #expect(Revision(parsing: text) == expected)
        if let expected { #expect(expected.description == text) }
    }

    @Test("a manifest without a namespace lands in openshift-migration")
    func defaultNamespace() throws {
        let object = KubeObject(
            apiVersion: MTCKind.apiVersion, kind: "MigHook", namespace: nil, name: "print", spec: ["custom": false])
        let desired = try #require(
            DesiredObject(object: object, sourcePath: "hooks/print.yaml", sourceLine: 3, commit: "ab"))
        #expect(desired.key == ObjectKey(kind: .migHook, namespace: "openshift-migration", name: "print"))
        #expect(desired.sourceLocation == "hooks/print.yaml:3")
        #expect(desired.revision(branch: "main").description == "main@sha1:ab")
    }

    @Test("objects of other kinds are not wrapped")
    func otherKinds() {
        let secret = KubeObject(apiVersion: "v1", kind: "Secret", namespace: "openshift-config", name: "token")
        #expect(DesiredObject(object: secret, sourcePath: "s.yaml", commit: "ab") == nil)
        #expect(ObservedObject(object: secret) == nil)
    }

    @Test("a plan references its clusters, storage and hooks; a run its plan")
    func references() {
        var plan = Make.plan()
        plan.object.spec?["hooks"] = [
            ["reference": ["name": "print"], "phase": "PostRestore"],
            ["reference": Make.ref("warm"), "phase": "PreBackup"],
        ]
        #expect(
            References.of(plan.object, kind: .migPlan) == [
                ObjectKey(kind: .migCluster, name: "host"), ObjectKey(kind: .migCluster, name: "ocp3"),
                ObjectKey(kind: .migStorage, name: "minio"), ObjectKey(kind: .migHook, name: "print"),
                ObjectKey(kind: .migHook, name: "warm"),
            ])
        let run = Make.run("shop-stage-1", stage: true)
        #expect(References.plan(ofRun: run.object) == ObjectKey(kind: .migPlan, name: "shop"))
        #expect(References.of(Make.cluster("host").object, kind: .migCluster).isEmpty)
    }

    @Test("observed objects expose managed-by, revision, readiness and closing")
    func observedViews() throws {
        let plan = try Fixture.observed("migplan-discovered")
        #expect(plan.isManagedByMigsync)
        #expect(plan.revision == Revision(branch: "main", commit: Make.commit2))
        #expect(plan.sourcePath == "plans/shop.yaml")
        #expect(plan.isReady)
        #expect(!plan.isClosed && !plan.isClosingRequested)
        #expect(plan.blockingConditions.isEmpty)

        let blocked = Make.observed(
            Make.plan(),
            conditions: [Make.condition("PlanConflict", "Error", "conflict"), Make.condition("Closed", "Advisory")])
        #expect(!blocked.isReady)
        #expect(blocked.isClosed)
        #expect(blocked.blockingConditions.map(\.type) == ["PlanConflict"])
    }
}
