import Foundation
import KubeObjects
import MigsyncTesting
import Testing

@testable import MTCManifests

/// The upstream mig-controller samples, kept beside this repository in `../shared`.
enum UpstreamSamples {
    static let directory = RepositoryRoot.path + "/../shared/mtc-samples"
    static var available: Bool { FileManager.default.fileExists(atPath: directory) }
}

@Suite("Upstream MTC samples", .enabled(if: UpstreamSamples.available, "needs ../shared/mtc-samples"))
struct SampleManifestTests {
    @Test(
        "every sample CR loads into the typed model without losing a field",
        arguments: [
            "mig-cluster-local.yaml", "mig-cluster-remote.yaml", "mig-storage.yaml", "mig-plan.yaml",
            "mig-migration.yaml",
        ])
    func lossless(file: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: UpstreamSamples.directory + "/" + file)))
        let documents = try YAMLDocumentParser.parse(bytes)
        try #require(documents.count == 1)
        let raw = documents[0].value
        let object = try #require(MTCObject(json: raw))

        // The typed parts rebuild the whole object, and no spec field was left untyped.
        #expect(object.json == raw)
        let spec = object.resource.spec.json
        #expect(spec == raw["spec"])
        switch object {
        case .cluster(let o): #expect(o.spec.unknownFields.isEmpty)
        case .storage(let o):
            #expect(o.spec.unknownFields.isEmpty)
            #expect(o.spec.backupStorageConfig?.unknownFields.isEmpty == true)
            #expect(o.spec.volumeSnapshotConfig?.unknownFields.isEmpty == true)
        case .hook(let o): #expect(o.spec.unknownFields.isEmpty)
        case .plan(let o): #expect(o.spec.unknownFields.isEmpty)
        case .migration(let o): #expect(o.spec.unknownFields.isEmpty)
        }
        #expect(object.metadata.labels == ["controller-tools.k8s.io": "1.0"])
    }

    @Test("sample fields land in their typed properties")
    func typedValues() throws {
        let set = try ManifestLoader().load(from: DirectorySource(root: UpstreamSamples.directory))
        let objects = set.mtcObjects.map(\.object)
        var seen = 0
        for object in objects {
            switch object {
            case .cluster(let c) where c.name == "migcluster-remote":
                #expect(c.spec.isHostCluster == false)
                #expect(c.spec.url == "https://my-remote-cluster-ip.nip.io:8443")
                #expect(
                    c.spec.serviceAccountSecretRef
                        == ObjectReference(name: "sa-token-remote", namespace: "openshift-config"))
                #expect(c.spec.refresh == false)
                seen += 1
            case .storage(let s):
                #expect(s.spec.backupStorageProvider == .aws)
                #expect(s.spec.volumeSnapshotProvider == .aws)
                #expect(s.spec.backupStorageConfig?.awsBucketName == "foo")
                #expect(s.spec.backupStorageConfig?.credsSecretRef?.name == "migstorage-creds")
                #expect(s.spec.volumeSnapshotConfig?.awsRegion == "foo")
                seen += 1
            case .plan(let p):
                #expect(p.spec.srcMigClusterRef?.name == "migcluster-local")
                #expect(p.spec.destMigClusterRef?.name == "migcluster-remote")
                #expect(p.spec.migStorageRef?.name == "migstorage-sample")
                #expect(p.spec.namespaces == ["nginx-example"])
                seen += 1
            case .migration(let m):
                #expect(m.spec.stage == false)
                #expect(m.spec.rollback == true)
                #expect(m.spec.runKind == .rollback)
                #expect(m.spec.canceled == false)
                #expect(m.spec.quiescePods == false)
                #expect(m.spec.keepAnnotations == false)
                #expect(m.spec.migPlanRef == ObjectReference(name: "migplan-sample", namespace: "openshift-migration"))
                seen += 1
            default:
                break
            }
        }
        #expect(seen == 4)
    }

    @Test("the samples' Secrets with data are refused, the rest is checked")
    func validateSamples() throws {
        let set = try ManifestLoader().load(from: DirectorySource(root: UpstreamSamples.directory))
        let findings = Validator().validate(set)
        let secretErrors = findings.filter { $0.code == "secret.data" }.map(\.location.file)
        #expect(secretErrors.sorted() == ["mig-storage-creds.yaml", "sa-secret-remote.yaml"])
        // The remote-cluster sample sits in openshift-config, which the controller ignores.
        #expect(findings.contains { $0.code == "metadata.namespace" && $0.location.file == "mig-cluster-remote.yaml" })
        #expect(set.failedPaths.isEmpty)
    }
}
