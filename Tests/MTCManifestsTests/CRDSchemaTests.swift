import KubeObjects
import MTCManifests
import Testing

@Suite("CRD schemas")
struct CRDSchemaTests {
    @Test(
        "the five MTC kinds have a schema built from the embedded CRDs",
        arguments: [
            ("MigCluster", "migclusters"), ("MigStorage", "migstorages"), ("MigHook", "mighooks"),
            ("MigPlan", "migplans"), ("MigMigration", "migmigrations"),
        ])
    func schemaPerKind(kind: String, plural: String) throws {
        let schema = try #require(CRDSchema.forKind(kind))
        #expect(schema.plural == plural)
        #expect(schema.apiVersion == "migration.openshift.io/v1alpha1")
        #expect(schema.root.properties["spec"] != nil)
    }

    @Test("kinds migsync does not manage have no schema")
    func unknownKind() {
        #expect(CRDSchema.forKind("DirectVolumeMigration") == nil)
        #expect(CRDSchema.forKind("Secret") == nil)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var kind: String
        var spec: JSONValue
        var expected: [SchemaViolation]
        var testDescription: String { "\(kind) \(expected.map(\.path))" }
    }

    static let cases: [Case] = [
        Case(
            kind: "MigMigration",
            spec: ["migPlanRef": ["name": "p", "namespace": "openshift-migration"], "stage": false], expected: []),
        Case(
            kind: "MigMigration", spec: ["migPlanRef": ["name": "p", "namespace": "openshift-migration"]],
            expected: [.init(path: "spec.stage", kind: .required, message: "required field is missing")]),
        Case(
            kind: "MigMigration", spec: ["stage": "yes please"],
            expected: [.init(path: "spec.stage", kind: .type, message: "must be a boolean, not string")]),
        Case(
            kind: "MigMigration", spec: ["stage": true, "quiesce": true],
            expected: [
                .init(
                    path: "spec.quiesce", kind: .unknownField, message: "unknown field (the API server would drop it)")
            ]),
        Case(
            kind: "MigCluster", spec: ["isHostCluster": false, "caBundle": "not base64!"],
            expected: [.init(path: "spec.caBundle", kind: .format, message: "must be base64-encoded data")]),
        Case(
            kind: "MigCluster", spec: ["isHostCluster": false, "serviceAccountSecretRef": ["name": 3]],
            expected: [
                .init(path: "spec.serviceAccountSecretRef.name", kind: .type, message: "must be a string, not integer")
            ]),
        Case(
            kind: "MigHook", spec: ["image": "x", "targetCluster": "source"],
            expected: [.init(path: "spec.custom", kind: .required, message: "required field is missing")]),
        Case(
            kind: "MigPlan", spec: ["namespaces": "shop"],
            expected: [.init(path: "spec.namespaces", kind: .type, message: "must be an array, not string")]),
        Case(
            kind: "MigPlan", spec: ["hooks": [["phase": "PreBackup"]]],
            expected: [
                .init(path: "spec.hooks[0].executionNamespace", kind: .required, message: "required field is missing"),
                .init(path: "spec.hooks[0].reference", kind: .required, message: "required field is missing"),
                .init(path: "spec.hooks[0].serviceAccount", kind: .required, message: "required field is missing"),
            ]),
        Case(
            kind: "MigPlan",
            spec: [
                "persistentVolumes": [
                    [
                        "name": "pv1", "capacity": "10Gx", "selection": [:],
                        "supported": ["actions": ["copy"], "copyMethods": ["filesystem"]],
                    ]
                ]
            ],
            expected: [
                .init(
                    path: "spec.persistentVolumes[0].capacity", kind: .pattern,
                    message:
                        "\"10Gx\" does not match ^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"
                )
            ]),
        Case(
            kind: "MigStorage", spec: ["backupStorageProvider": "aws"],
            expected: [.init(path: "spec.backupStorageConfig", kind: .required, message: "required field is missing")]),
    ]

    @Test("objects are checked like the API server checks them", arguments: cases)
    func validate(_ testCase: Case) throws {
        let schema = try #require(CRDSchema.forKind(testCase.kind))
        let object = KubeObject(
            apiVersion: "migration.openshift.io/v1alpha1", kind: testCase.kind, namespace: "openshift-migration",
            name: "x", spec: testCase.spec)
        #expect(schema.validate(object.json) == testCase.expected)
    }

    @Test("metadata members and status are not reported as unknown")
    func metadataIsFree() throws {
        let schema = try #require(CRDSchema.forKind("MigPlan"))
        var object = KubeObject(
            apiVersion: "migration.openshift.io/v1alpha1", kind: "MigPlan", namespace: "ns", name: "p", spec: [:])
        object.labels = ["a": "b"]
        object.status = ["conditions": []]
        #expect(schema.validate(object.json).isEmpty)
    }
}
