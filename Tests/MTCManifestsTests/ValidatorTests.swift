import Foundation
import KubeObjects
import MigsyncTesting
import Testing

@testable import MTCManifests

enum Fixtures {
    static func path(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return url.path + "/" + name
    }
}

/// One planted mistake and the finding it must produce.
struct PlantedMistake: Sendable, CustomTestStringConvertible {
    var location: String
    var severity: Finding.Severity
    var code: String
    var testDescription: String { "\(location) \(code)" }

    init(_ location: String, _ severity: Finding.Severity, _ code: String) {
        self.location = location
        self.severity = severity
        self.code = code
    }
}

@Suite("Validation")
struct ValidatorTests {
    /// Every mistake planted in `Fixtures/planted`, where it must be reported.
    static let planted: [PlantedMistake] = [
        PlantedMistake("broken/syntax.yaml:8:1", .error, "load.syntax"),
        PlantedMistake("clusters/ocp3.yaml:9:3", .error, "cluster.url"),
        PlantedMistake("clusters/ocp3.yaml:10:3", .error, "reference.incomplete"),
        PlantedMistake("clusters/typo.yaml:7:3", .error, "schema.type"),
        PlantedMistake("hooks/hooks.yaml:7:3", .error, "hook.playbook"),
        PlantedMistake("hooks/hooks.yaml:19:3", .error, "hook.targetCluster"),
        PlantedMistake("hooks/hooks.yaml:20:3", .error, "hook.playbook"),
        PlantedMistake("migrations/nostage.yaml:6:1", .error, "schema.required"),
        PlantedMistake("migrations/run.yaml:8:5", .error, "reference.unresolved"),
        PlantedMistake("migrations/run.yaml:11:3", .error, "migration.kind"),
        PlantedMistake("other/configmap.yaml:2:1", .warning, "kind.ignored"),
        PlantedMistake("other/elsewhere.yml:5:3", .warning, "metadata.namespace"),
        PlantedMistake("plans/shop.yaml:9:19", .error, "reference.unresolved"),
        PlantedMistake("plans/shop.yaml:12:5", .error, "plan.namespace"),
        PlantedMistake("plans/shop.yaml:13:5", .error, "plan.namespaceDuplicate"),
        PlantedMistake("plans/shop.yaml:14:5", .error, "plan.namespaceDuplicate"),
        PlantedMistake("plans/shop.yaml:20:5", .error, "plan.hookPhase"),
        PlantedMistake("plans/shop.yaml:21:5", .error, "plan.hookNamespace"),
        PlantedMistake("plans/shop.yaml:23:17", .error, "reference.unresolved"),
        PlantedMistake("plans/shop2.yaml:5:3", .error, "object.duplicate"),
        PlantedMistake("plans/too-many.yaml:10:3", .error, "plan.namespaceLimit"),
        PlantedMistake("secrets/token.yaml:7:1", .error, "secret.data"),
        PlantedMistake("storage/minio.yaml:8:3", .error, "storage.settings"),
        PlantedMistake("storage/minio.yaml:9:5", .warning, "schema.unknownField"),
    ]

    static func plantedFindings() throws -> [Finding] {
        let set = try ManifestLoader().load(from: DirectorySource(root: try Fixtures.path("planted")))
        return Validator().validate(set)
    }

    @Test("each planted mistake is reported at its file, line and column", arguments: planted)
    func plantedMistake(_ mistake: PlantedMistake) throws {
        let findings = try Self.plantedFindings()
        let matching = findings.filter { $0.location.description == mistake.location && $0.code == mistake.code }
        #expect(matching.count == 1, "findings: \(findings.map(\.description).joined(separator: "\n"))")
        #expect(matching.first?.severity == mistake.severity)
        #expect(matching.first?.description.hasPrefix("\(mistake.location): \(mistake.severity.rawValue): ") == true)
    }

    @Test("the planted repository yields no finding beyond the planted ones")
    func nothingElse() throws {
        let findings = try Self.plantedFindings()
        let expected = Self.planted.map { "\($0.location) \($0.code)" }.sorted()
        #expect(findings.map { "\($0.location) \($0.code)" }.sorted() == expected)
    }

    @Test("messages say what is wrong without echoing secret values")
    func messages() throws {
        let findings = try Self.plantedFindings()
        let text = findings.map(\.description).joined(separator: "\n")
        #expect(!text.contains("do-not-commit-me"))
        #expect(
            text.contains(
                "plans/shop.yaml:9:19: error: spec.migStorageRef refers to MigStorage openshift-migration/missing-repo, which the repository does not declare"
            ))
        #expect(
            text.contains(
                "plans/shop2.yaml:5:3: error: MigPlan openshift-migration/shop is already declared at plans/shop.yaml:4:3"
            ))
        #expect(text.contains("migrations/nostage.yaml:6:1: error: spec.stage is required"))
    }

    // MARK: - Single rules on inline objects

    static func validate(_ yaml: String, settings: String? = nil) throws -> [String] {
        let directory = try TemporaryDirectory()
        try directory.write(yaml, to: "object.yaml")
        if let settings { try directory.write(settings, to: "migsync.yaml") }
        let set = try ManifestLoader().load(from: DirectorySource(root: directory.path))
        return Validator().validate(set).map(\.description)
    }

    static let header = "apiVersion: migration.openshift.io/v1alpha1\n"

    @Test("the namespace limit follows migsync.yaml")
    func namespaceLimitSetting() throws {
        let plan =
            Self.header + """
                kind: MigPlan
                metadata: {name: p, namespace: openshift-migration}
                spec:
                  srcMigClusterRef: {name: host, namespace: openshift-migration}
                  destMigClusterRef: {name: host, namespace: openshift-migration}
                  namespaces: [a, b, c]
                """
        let findings1 = try Self.validate(plan)
        #expect(findings1 == [])
        let findings2 = try Self.validate(plan, settings: "maxNamespacesPerPlan: 2\n")
        #expect(
            findings2 == [
                "object.yaml:7:3: error: spec.namespaces has 3 entries; at most 2 are allowed per plan"
            ])
    }

    @Test("a plan needs a replication repository unless it stays on one cluster")
    func storageRequired() throws {
        let plan =
            Self.header + """
                kind: MigPlan
                metadata: {name: p, namespace: openshift-migration}
                spec:
                  srcMigClusterRef: {name: host, namespace: openshift-migration}
                  destMigClusterRef: {name: other, namespace: openshift-migration}
                  namespaces: [a]
                """
        let findings3 = try Self.validate(plan)
        #expect(
            findings3 == [
                "object.yaml:4:1: error: spec.migStorageRef is required",
                "object.yaml:6:23: error: spec.destMigClusterRef refers to MigCluster openshift-migration/other, which the repository does not declare",
            ])
    }

    @Test("more than four hooks and unknown phases are refused")
    func hookLimits() throws {
        let hooks = (0..<5).map { i in
            "  - {phase: \(i == 4 ? "Later" : ["PreBackup", "PostBackup", "PreRestore", "PostRestore"][i]), executionNamespace: ns, serviceAccount: sa, reference: {name: h, namespace: openshift-migration}}"
        }.joined(separator: "\n")
        let yaml =
            Self.header + """
                kind: MigHook
                metadata: {name: h, namespace: openshift-migration}
                spec: {custom: true, image: "quay.io/x/y:1", targetCluster: source}
                ---
                apiVersion: migration.openshift.io/v1alpha1
                kind: MigPlan
                metadata: {name: p, namespace: openshift-migration}
                spec:
                  srcMigClusterRef: {name: host, namespace: openshift-migration}
                  destMigClusterRef: {name: host, namespace: openshift-migration}
                  namespaces: [a]
                  hooks:
                \(hooks)
                """
        let findings4 = try Self.validate(yaml)
        #expect(
            findings4 == [
                "object.yaml:13:3: error: spec.hooks has 5 hooks; a plan takes at most 4, one per phase",
                "object.yaml:18:6: error: spec.hooks[4].phase \"Later\" must be one of PreBackup, PostBackup, PreRestore, PostRestore",
            ])
    }

    @Test("run requests need a name, not generateName")
    func generateName() throws {
        let yaml =
            Self.header + """
                kind: MigMigration
                metadata: {generateName: shop-stage-, namespace: openshift-migration}
                spec: {stage: true, migPlanRef: {name: shop, namespace: openshift-migration}}
                """
        let findings = try Self.validate(yaml)
        #expect(
            findings.first
                == "object.yaml:3:12: error: metadata.generateName cannot be used: migsync creates each object once under the name Git gives it; set metadata.name"
        )
    }

    @Test("Policy documents are passed through under policies/ and flagged elsewhere")
    func policies() throws {
        let directory = try TemporaryDirectory()
        let policy =
            "apiVersion: migsync.io/v1alpha1\nkind: Policy\nmetadata: {name: cutover-window}\nspec: {anything: goes}\n"
        try directory.write(policy, to: "policies/window.yaml")
        try directory.write(policy.replacingOccurrences(of: "cutover-window", with: "stray"), to: "plans/stray.yaml")
        let set = try ManifestLoader().load(from: DirectorySource(root: directory.path))
        #expect(set.policies.map(\.name) == ["cutover-window"])
        #expect(
            Validator().validate(set).map(\.description) == [
                "plans/stray.yaml:2:1: warning: Policy documents are read only from policies/; this one is ignored"
            ])
    }

    @Test("a Secret without data is only ignored")
    func emptySecret() throws {
        let yaml = "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: openshift-config}\n"
        let findings5 = try Self.validate(yaml)
        #expect(findings5 == ["object.yaml:2:1: warning: Secret without data is not managed by migsync; ignored"])
    }

    @Test("an MTC kind under another API version is an error")
    func wrongVersion() throws {
        let yaml =
            "apiVersion: migration.openshift.io/v1\nkind: MigPlan\nmetadata: {name: p, namespace: openshift-migration}\n"
        let findings6 = try Self.validate(yaml)
        #expect(
            findings6 == [
                "object.yaml:1:1: error: MigPlan is served only as migration.openshift.io/v1alpha1, not migration.openshift.io/v1"
            ])
    }

    @Test("plans sharing a cluster and a namespace conflict")
    func planConflict() throws {
        let plan = { (name: String) in
            Self.header + """
                kind: MigPlan
                metadata: {name: \(name), namespace: openshift-migration}
                spec:
                  srcMigClusterRef: {name: host, namespace: openshift-migration}
                  destMigClusterRef: {name: host, namespace: openshift-migration}
                  namespaces: [shop]
                """
        }
        let findings7 = try Self.validate(plan("a") + "\n---\n" + plan("b"))
        #expect(
            findings7 == [
                "object.yaml:15:3: error: MigPlan b conflicts with MigPlan a (object.yaml:1:1): both migrate \"shop\" with a shared cluster"
            ])
    }
}
