import Foundation
import MigsyncTesting
import Testing

@testable import MTCManifests

@Suite("Incremental validation")
struct IncrementalValidationTests {
    @Test("single-object checks run again only for changed blobs, with the same findings as a fresh pass")
    func reusesUnchangedObjects() throws {
        let directory = try TemporaryDirectory()
        let demo = RepositoryRoot.file("examples/demo")
        for relative in try FileManager.default.subpathsOfDirectory(atPath: demo) where relative.hasSuffix(".yaml") {
            try directory.write(try String(contentsOfFile: demo + "/" + relative, encoding: .utf8), to: relative)
        }
        let source = DirectorySource(root: directory.path)
        let loader = ManifestLoader()
        let validator = Validator()

        #expect(validator.validate(try loader.load(from: source)).isEmpty)
        #expect(validator.checkedCount == 8)
        #expect(validator.validate(try loader.load(from: source)).isEmpty)
        #expect(validator.checkedCount == 0)

        // Break one plan: its own check reruns; the run that references it is re-resolved
        // across the repository without being re-checked.
        let plan = try String(contentsOfFile: directory.path + "/plans/shop.yaml", encoding: .utf8)
        try directory.write(
            plan.replacingOccurrences(of: "name: shop\n", with: "name: shop-renamed\n"), to: "plans/shop.yaml")
        let set = try loader.load(from: source)
        let findings = validator.validate(set)
        #expect(validator.checkedCount == 1)
        #expect(findings == Validator().validate(set))
        #expect(
            findings.map(\.description) == [
                "migrations/shop-cutover.yaml:11:16: error: spec.migPlanRef refers to MigPlan openshift-migration/shop, which the repository does not declare",
                "migrations/shop-stage-1.yaml:9:16: error: spec.migPlanRef refers to MigPlan openshift-migration/shop, which the repository does not declare",
            ])
    }

    @Test("a moved file keeps its cached findings, reported at the new path")
    func movedFile() throws {
        let directory = try TemporaryDirectory()
        let hook = """
            apiVersion: migration.openshift.io/v1alpha1
            kind: MigHook
            metadata: {name: h, namespace: openshift-migration}
            spec: {custom: true, image: "quay.io/x/y:1", targetCluster: sideways}

            """
        try directory.write(hook, to: "a.yaml")
        let source = DirectorySource(root: directory.path)
        let loader = ManifestLoader()
        let validator = Validator()
        #expect(validator.validate(try loader.load(from: source)).map(\.location.file) == ["a.yaml"])
        try FileManager.default.moveItem(atPath: directory.path + "/a.yaml", toPath: directory.path + "/b.yaml")
        #expect(validator.validate(try loader.load(from: source)).map(\.location.file) == ["b.yaml"])
        #expect(validator.checkedCount == 0)
    }

    @Test("references name every MTC object an object depends on")
    func references() throws {
        let set = try ManifestLoader().load(from: DirectorySource(root: RepositoryRoot.file("examples/demo")))
        let shop = try #require(set.mtcObjects.first { $0.object.metadata.name == "shop" }?.object)
        #expect(
            shop.references.map { "\($0.path) -> \($0.target.kind) \($0.reference.name ?? "")" } == [
                "spec.srcMigClusterRef -> MigCluster ocp3",
                "spec.destMigClusterRef -> MigCluster host",
                "spec.migStorageRef -> MigStorage minio",
                "spec.hooks[0].reference -> MigHook report-plan",
            ])
    }
}
