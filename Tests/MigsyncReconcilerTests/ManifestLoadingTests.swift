import Foundation
import KubernetesClient
import Logging
import MigsyncCore
import MigsyncTesting
import Testing

@testable import MigsyncReconciler

@Suite("Desired objects carried from the last load")
struct ManifestLoadingTests {
    /// What the second commit does to a repository of a few plans.
    enum SecondCommit: String, CaseIterable, Sendable {
        case nothing, planEdited, planAdded, planRemoved, fileBroken, fileNoLongerMTC, secondObjectInFile,
            namespaceChanged
    }

    static func plan(_ name: String, namespaces: [String] = ["shop"]) -> String {
        """
        apiVersion: migration.openshift.io/v1alpha1
        kind: MigPlan
        metadata:
          name: \(name)
        spec:
          namespaces: [\(namespaces.joined(separator: ", "))]
          srcMigClusterRef: {name: ocp3, namespace: openshift-migration}
          destMigClusterRef: {name: host, namespace: openshift-migration}
          migStorageRef: {name: minio, namespace: openshift-migration}

        """
    }

    /// A reconciler of `repository` whose cluster is never reached: loading manifests only
    /// reads the mirror.
    static func reconciler(of repository: ServedRepository, mirror: String) throws -> Reconciler {
        let options = ReconcilerOptions(repository: repository.fileURL, mirrorPath: mirror)
        let unused = KubernetesClient(config: KubeConfig(server: "https://127.0.0.1:9"))
        return try Reconciler(options: options, cluster: unused, logger: Logger(label: "migsync.test.loading"))
    }

    @Test(
        "desired objects updated from the last load equal those of a first load",
        arguments: SecondCommit.allCases)
    func updatedEqualsFirstLoad(change: SecondCommit) throws {
        let directory = try TemporaryDirectory(prefix: "migsync-loading")
        let repository = try ServedRepository(basePath: directory.path)
        var files: [String: String?] = [:]
        for name in ["a", "b", "c", "d", "e"] { files["plans/\(name).yaml"] = Self.plan(name) }
        _ = try repository.commitAndPush(files: files, message: "plans")
        let reconciler = try Self.reconciler(of: repository, mirror: directory.path + "/mirror-a.git")
        _ = try reconciler.loadManifests(at: try reconciler.fetchSource().head)

        var edit: [String: String?] = [:]
        switch change {
        case .nothing: edit["README.md"] = "not a manifest\n"
        case .planEdited: edit["plans/b.yaml"] = Self.plan("b", namespaces: ["edited"])
        case .planAdded: edit["plans/bb.yaml"] = Self.plan("bb")
        case .planRemoved: edit["plans/c.yaml"] = .some(nil)
        case .fileBroken: edit["plans/d.yaml"] = "apiVersion: [unclosed\n"
        case .fileNoLongerMTC: edit["plans/a.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
        case .secondObjectInFile: edit["plans/e.yaml"] = Self.plan("e") + "---\n" + Self.plan("e2")
        case .namespaceChanged: edit["migsync.yaml"] = "namespace: other-migration\n"
        }
        _ = try repository.commitAndPush(files: edit, message: "change")
        let head = try reconciler.fetchSource().head
        let updated = try reconciler.loadManifests(at: head)
        let incremental = reconciler.loader.lastChangedPaths != nil
        #expect(incremental == (change != .namespaceChanged))

        let fresh = try Self.reconciler(of: repository, mirror: directory.path + "/mirror-b.git")
        let first = try fresh.loadManifests(at: try fresh.fetchSource().head)
        #expect(updated.desired == first.desired)
        #expect(updated.desired.map(\.key) == first.desired.map(\.key))
        #expect(updated.failures == first.failures)
        #expect(updated.namespace == first.namespace)
        if change == .fileBroken { #expect(updated.failures.map(\.path) == ["plans/d.yaml"]) }

        // The next load, after nothing changed, still agrees.
        _ = try repository.commitAndPush(files: ["README.md": "still not a manifest\n"], message: "docs")
        let again = try reconciler.loadManifests(at: try reconciler.fetchSource().head)
        #expect(again.desired == first.desired)
    }
}
