import KubeObjects
import MTCEmulator
import Testing

/// One validation scenario: objects added to the shared fixture, then the conditions one
/// object must (and must not) carry once the controller settled.
struct ValidationCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var kind: ResourceType
    var object: String
    var present: [String: MTCCondition.Category]
    var absent: [String]
    var testDescription: String { name }
}

private let migrationNS = "namespace: openshift-migration"

private func plan(_ name: String, namespaces: [String], extra: String = "", src: String = "ocp3")
    -> String
{
    """
    apiVersion: migration.openshift.io/v1alpha1
    kind: MigPlan
    metadata: {name: \(name), \(migrationNS)}
    spec:
      srcMigClusterRef: {name: \(src), \(migrationNS)}
      destMigClusterRef: {name: host, \(migrationNS)}
      migStorageRef: {name: minio, \(migrationNS)}
      namespaces: [\(namespaces.map { "\"\($0)\"" }.joined(separator: ", "))]
    \(extra)
    """
}

private func remoteCluster(
    _ name: String, url: String, secret: String = "ocp3-token", extra: String = ""
) -> String {
    """
    apiVersion: migration.openshift.io/v1alpha1
    kind: MigCluster
    metadata: {name: \(name), \(migrationNS)\(extra)}
    spec:
      isHostCluster: false
      url: \(url)
      serviceAccountSecretRef: {name: \(secret), namespace: openshift-config}
    """
}

private func hook(_ name: String, spec: String) -> String {
    """
    apiVersion: migration.openshift.io/v1alpha1
    kind: MigHook
    metadata: {name: \(name), \(migrationNS)}
    spec:
    \(spec)
    """
}

private func storage(_ name: String, spec: String) -> String {
    """
    apiVersion: migration.openshift.io/v1alpha1
    kind: MigStorage
    metadata: {name: \(name), \(migrationNS)}
    spec:
    \(spec)
    """
}

let validationCases: [ValidationCase] = [
    ValidationCase(
        name: "host cluster is Ready", yaml: "", kind: .migCluster, object: "host",
        present: ["Ready": .required], absent: ["TestConnectFailed"]),
    ValidationCase(
        name: "remote cluster reaching the inventory is Ready", yaml: "", kind: .migCluster,
        object: "ocp3",
        present: ["Ready": .required], absent: ["InvalidURL", "InvalidRegistryRoute"]),
    ValidationCase(
        name: "a URL no inventory cluster answers fails the connection test",
        yaml: remoteCluster("elsewhere", url: "https://api.elsewhere.example.com:6443"),
        kind: .migCluster,
        object: "elsewhere", present: ["TestConnectFailed": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "a malformed URL is InvalidURL", yaml: remoteCluster("bad", url: "ftp://x"),
        kind: .migCluster,
        object: "bad", present: ["InvalidURL": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "a missing token secret is InvalidSaSecretRef",
        yaml: remoteCluster("nosecret", url: "https://api.ocp3.example.com:6443", secret: "absent"),
        kind: .migCluster,
        object: "nosecret", present: ["InvalidSaSecretRef": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "a secret without saToken is InvalidSaToken",
        yaml: """
            apiVersion: v1
            kind: Secret
            metadata: {name: empty, namespace: openshift-config}
            stringData: {other: x}
            ---
            \(remoteCluster("notoken", url: "https://api.ocp3.example.com:6443", secret: "empty"))
            """, kind: .migCluster, object: "notoken", present: ["InvalidSaToken": .critical],
        absent: ["Ready"]),
    ValidationCase(
        name: "the unreachable annotation fails the connection test",
        yaml: remoteCluster(
            "down", url: "https://api.ocp3.example.com:6443",
            extra: ", annotations: {migsync.io/emulator-unreachable: \"true\"}"),
        kind: .migCluster, object: "down", present: ["TestConnectFailed": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "an exposed registry path the cluster does not serve is InvalidRegistryRoute",
        yaml: """
            apiVersion: migration.openshift.io/v1alpha1
            kind: MigCluster
            metadata: {name: badroute, \(migrationNS)}
            spec:
              isHostCluster: false
              url: https://api.ocp3.example.com:6443
              exposedRegistryPath: registry.wrong.example.com
              serviceAccountSecretRef: {name: ocp3-token, namespace: openshift-config}
            """, kind: .migCluster, object: "badroute", present: ["InvalidRegistryRoute": .critical],
        absent: ["Ready"]),
    ValidationCase(
        name: "storage with credentials and a bucket is Ready", yaml: "", kind: .migStorage,
        object: "minio",
        present: ["Ready": .required], absent: []),
    ValidationCase(
        name: "an unknown storage provider is InvalidBackupStorageProvider",
        yaml: storage("odd", spec: "  backupStorageProvider: dropbox\n  backupStorageConfig: {}"),
        kind: .migStorage,
        object: "odd", present: ["InvalidBackupStorageProvider": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "aws storage without a bucket is InvalidBackupStorageSettings",
        yaml: storage(
            "nobucket",
            spec:
                "  backupStorageProvider: aws\n  backupStorageConfig: {credsSecretRef: {name: minio-creds, namespace: openshift-config}}"
        ), kind: .migStorage, object: "nobucket", present: ["InvalidBackupStorageSettings": .critical],
        absent: ["Ready"]),
    ValidationCase(
        name: "credentials missing the provider's keys are InvalidBackupStorageCredsSecretRef",
        yaml: storage(
            "wrongkeys",
            spec:
                "  backupStorageProvider: aws\n  backupStorageConfig: {awsBucketName: b, credsSecretRef: {name: ocp3-token, namespace: openshift-config}}"
        ), kind: .migStorage, object: "wrongkeys",
        present: ["InvalidBackupStorageCredsSecretRef": .critical],
        absent: ["Ready"]),
    ValidationCase(
        name: "a custom hook with a playbook is InvalidCustomHook",
        yaml: hook(
            "h", spec: "  custom: true\n  image: quay.io/a/b:1\n  targetCluster: source\n  playbook: aGk="
        ),
        kind: .migHook, object: "h", present: ["InvalidCustomHook": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "an Ansible hook without a playbook is InvalidAnsibleHook",
        yaml: hook("h", spec: "  custom: false\n  image: quay.io/a/b:1\n  targetCluster: source"),
        kind: .migHook,
        object: "h", present: ["InvalidAnsibleHook": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "a hook targeting neither side is InvalidTarget",
        yaml: hook("h", spec: "  custom: true\n  image: quay.io/a/b:1\n  targetCluster: both"),
        kind: .migHook,
        object: "h", present: ["InvalidTarget": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "a hook image with upper case and spaces is InvalidImage",
        yaml: hook("h", spec: "  custom: true\n  image: Quay.io/A B\n  targetCluster: source"),
        kind: .migHook,
        object: "h", present: ["InvalidImage": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "a playbook that is not base64 is InvalidPlaybookData",
        yaml: hook(
            "h",
            spec: "  custom: false\n  image: quay.io/a/b:1\n  targetCluster: source\n  playbook: '%%%'"),
        kind: .migHook, object: "h", present: ["InvalidPlaybookData": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "a valid hook is Ready",
        yaml: hook(
            "h",
            spec:
                "  custom: true\n  image: registry.example.com:5000/team/img@sha256:abc\n  targetCluster: destination"
        ),
        kind: .migHook, object: "h", present: ["Ready": .required], absent: []),
    ValidationCase(
        name: "a plan over existing namespaces is Ready",
        yaml: plan("p", namespaces: ["shop", "blog"]),
        kind: .migPlan, object: "p",
        present: ["Ready": .required, "PvsDiscovered": .required, "StorageEnsured": .required],
        absent: []),
    ValidationCase(
        name: "a plan between two clusters is a namespace migration", yaml: plan("p", namespaces: ["shop"]),
        kind: .migPlan, object: "p", present: ["MigrationTypeIdentified": .advisory], absent: ["IntraClusterMigration"]),
    ValidationCase(
        name: "a plan within one cluster mapping only some namespaces is IntraClusterMigration",
        yaml: plan("p", namespaces: ["shop:shop-new", "blog"], src: "host"), kind: .migPlan, object: "p",
        present: ["IntraClusterMigration": .critical], absent: ["Ready", "MigrationTypeIdentified"]),
    ValidationCase(
        name: "a namespace missing on the source is NamespaceNotFoundOnSourceCluster",
        yaml: plan("p", namespaces: ["shop", "payroll"]), kind: .migPlan, object: "p",
        present: ["NamespaceNotFoundOnSourceCluster": .critical], absent: ["Ready", "PvsDiscovered"]),
    ValidationCase(
        name: "an empty namespace list is NamespaceListEmpty", yaml: plan("p", namespaces: []),
        kind: .migPlan,
        object: "p", present: ["NamespaceListEmpty": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "more than ten namespaces is NamespaceLimitExceeded",
        yaml: plan("p", namespaces: (1...11).map { "ns\($0)" }), kind: .migPlan, object: "p",
        present: ["NamespaceLimitExceeded": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "two sources mapped to one destination is DuplicateNamespaceOnDestinationCluster",
        yaml: plan("p", namespaces: ["shop:apps", "blog:apps"]), kind: .migPlan, object: "p",
        present: ["DuplicateNamespaceOnDestinationCluster": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "a destination name that is not a DNS label is NamespaceNotDNSCompliant",
        yaml: plan("p", namespaces: ["shop:Shop_Prod"]), kind: .migPlan, object: "p",
        present: ["NamespaceNotDNSCompliant": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "a missing source cluster is InvalidSourceClusterRef",
        yaml: plan("p", namespaces: ["shop"], src: "nope"),
        kind: .migPlan, object: "p", present: ["InvalidSourceClusterRef": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "a source cluster that is not ready is SourceClusterNotReady",
        yaml: remoteCluster("down", url: "https://api.down.example.com") + "\n---\n"
            + plan("p", namespaces: ["shop"], src: "down"),
        kind: .migPlan, object: "p", present: ["SourceClusterNotReady": .critical], absent: ["Ready"]),
    ValidationCase(
        name: "a missing hook is InvalidHookRef",
        yaml: plan(
            "p", namespaces: ["shop"],
            extra: """
                  hooks:
                  - {phase: PreBackup, executionNamespace: openshift-migration, serviceAccount: migration-controller, reference: {name: ghost, \(migrationNS)}}
                """), kind: .migPlan, object: "p", present: ["InvalidHookRef": .critical], absent: ["Ready"]
    ),
    ValidationCase(
        name: "an unknown hook phase is HookPhaseUnknown",
        yaml: hook("h", spec: "  custom: true\n  image: quay.io/a/b:1\n  targetCluster: source")
            + "\n---\n"
            + plan(
                "p", namespaces: ["shop"],
                extra: """
                      hooks:
                      - {phase: MidRestore, executionNamespace: openshift-migration, serviceAccount: migration-controller, reference: {name: h, \(migrationNS)}}
                    """), kind: .migPlan, object: "p", present: ["HookPhaseUnknown": .critical],
        absent: ["Ready"]),
    ValidationCase(
        name: "a remote source without a registry path fails direct image migration",
        yaml: """
            apiVersion: migration.openshift.io/v1alpha1
            kind: MigCluster
            metadata: {name: noregistry, \(migrationNS)}
            spec:
              isHostCluster: false
              url: https://api.ocp3.example.com:6443/
              serviceAccountSecretRef: {name: ocp3-token, namespace: openshift-config}
            ---
            \(plan("p", namespaces: ["shop"], src: "noregistry"))
            """, kind: .migPlan, object: "p", present: ["SourceClusterNoRegistryPath": .critical],
        absent: ["Ready"]),
    ValidationCase(
        name: "indirect image migration needs no registry path",
        yaml: """
            apiVersion: migration.openshift.io/v1alpha1
            kind: MigCluster
            metadata: {name: noregistry, \(migrationNS)}
            spec:
              isHostCluster: false
              url: https://api.ocp3.example.com:6443/
              serviceAccountSecretRef: {name: ocp3-token, namespace: openshift-config}
            ---
            \(plan("p", namespaces: ["shop"], extra: "  indirectImageMigration: true", src: "noregistry"))
            """, kind: .migPlan, object: "p", present: ["Ready": .required],
        absent: ["SourceClusterNoRegistryPath"]),
]

@Suite("Emulated mig-controller: validation")
struct ControllerValidationTests {
    @Test("conditions and categories follow mig-controller", arguments: validationCases)
    func validation(_ scenario: ValidationCase) async throws {
        let harness = try ControllerHarness()
        try harness.apply(yaml: scenario.yaml)
        try await harness.settle()
        let conditions = try harness.conditions(scenario.kind, scenario.object)
        for (type, category) in scenario.present {
            #expect(conditions[type]?.category == category, "\(type) in \(conditions.keys.sorted())")
        }
        for type in scenario.absent {
            #expect(
                conditions[type] == nil, "\(type) should be absent: \(conditions[type]?.message ?? "")")
        }
        #expect(conditions["Ready"]?.status != "False", "MTC never writes Ready=False")
    }

    @Test("objects outside openshift-migration get no status")
    func ignoresOtherNamespaces() async throws {
        let harness = try ControllerHarness()
        try harness.apply(
            yaml: """
                apiVersion: migration.openshift.io/v1alpha1
                kind: MigCluster
                metadata: {name: elsewhere, namespace: default}
                spec: {isHostCluster: true}
                """)
        try await harness.settle()
        let object = try #require(
            try harness.store.get(.migCluster, namespace: "default", name: "elsewhere"))
        #expect(object.status == nil)
    }

    @Test("two open plans sharing a cluster and a namespace both get PlanConflict until one closes")
    func planConflict() async throws {
        let harness = try ControllerHarness()
        try harness.apply(
            yaml: plan("a", namespaces: ["shop", "blog"]) + "\n---\n" + plan("b", namespaces: ["blog"]))
        try harness.apply(yaml: plan("c", namespaces: ["shop-db"]))
        try await harness.settle()
        for name in ["a", "b"] {
            let conditions = try harness.conditions(.migPlan, name)
            #expect(conditions["PlanConflict"]?.category == .error)
            #expect(conditions["Ready"] == nil)
        }
        #expect(try harness.conditions(.migPlan, "a")["PlanConflict"]?.message.contains("[b]") == true)
        #expect(try harness.conditions(.migPlan, "c")["PlanConflict"] == nil)
        #expect(try harness.conditions(.migPlan, "c")["Ready"] != nil)

        try harness.modify(.migPlan, "b") { $0.setSpecValue("closed", true) }
        try await harness.settle()
        let a = try harness.conditions(.migPlan, "a")
        #expect(a["PlanConflict"] == nil)
        #expect(a["Ready"] != nil)
        let b = try harness.conditions(.migPlan, "b")
        #expect(b["Closed"]?.category == .advisory)
        #expect(b["Ready"] == nil)
    }

    @Test("an idle controller writes nothing: conditions keep their times and versions stay")
    func noWriteChurn() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop-with-hooks"])
        try await harness.settle()
        let version = try harness.store.currentResourceVersion()
        let plan = try harness.get(.migPlan, "shop")
        for _ in 0..<5 {
            harness.clock.advance(by: .seconds(30))
            await harness.controller.reconcileAll()
        }
        #expect(try harness.store.currentResourceVersion() == version)
        #expect(try harness.get(.migPlan, "shop") == plan)
        #expect(plan.conditionTypes.contains("Ready"))
        #expect(plan.status?["observedGeneration"] == plan.json[path: ["metadata", "generation"]])
    }
}

extension KubeObject {
    mutating func setSpecValue(_ key: String, _ value: JSONValue) {
        var members = spec?.objectValue ?? [:]
        members[key] = value
        spec = .object(members)
    }
}
