import MigsyncTesting
import Testing

@testable import MTCManifests

@Suite("examples/demo")
struct DemoRepositoryTests {
    static func load() throws -> ManifestSet {
        try ManifestLoader().load(from: DirectorySource(root: RepositoryRoot.file("examples/demo")))
    }

    @Test("the demo repository validates without a single finding")
    func validatesCleanly() throws {
        let set = try Self.load()
        #expect(Validator().validate(set).map(\.description) == [])
        #expect(set.failedPaths.isEmpty)
    }

    @Test("the demo declares two clusters, a repository, a hook, two plans and two runs")
    func contents() throws {
        let set = try Self.load()
        let names = set.mtcObjects.map { "\($0.object.resourceType.kind)/\($0.object.metadata.name ?? "")" }
        #expect(
            names.sorted() == [
                "MigCluster/host", "MigCluster/ocp3", "MigHook/report-plan", "MigMigration/shop-cutover",
                "MigMigration/shop-stage-1", "MigPlan/blog", "MigPlan/shop", "MigStorage/minio",
            ])
        for (object, _) in set.mtcObjects {
            switch object {
            case .cluster(let cluster) where cluster.name == "ocp3":
                #expect(cluster.spec.url == "https://api.ocp3.example.com:6443")
                #expect(cluster.spec.serviceAccountSecretRef?.isComplete == true)
            case .plan(let plan) where plan.name == "shop":
                #expect(plan.spec.namespaces == ["shop", "shop-db"])
                #expect(plan.spec.hooks?.first?.phase == .postRestore)
            case .hook(let hook):
                #expect(hook.spec.targetCluster == .destination)
                #expect(hook.spec.custom == false)
            case .migration(let run) where run.name == "shop-cutover":
                #expect(run.spec.runKind == .final)
                #expect(run.spec.quiescePods == true)
            case .migration(let run):
                #expect(run.spec.runKind == .stage)
            default:
                break
            }
        }
    }
}
