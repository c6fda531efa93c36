import Foundation
import MigsyncTesting
import Testing

@testable import MTCManifests

@Suite("Manifest loading")
struct ManifestLoaderTests {
    static func hook(_ name: String, image: String = "quay.io/konveyor/hook-runner:latest") -> String {
        """
        apiVersion: migration.openshift.io/v1alpha1
        kind: MigHook
        metadata:
          name: \(name)
          namespace: openshift-migration
        spec:
          custom: true
          image: \(image)
          targetCluster: source

        """
    }

    @Test("only files whose content changed are parsed again")
    func reparsesChangedBlobsOnly() throws {
        let directory = try TemporaryDirectory()
        for name in ["a", "b", "c"] { try directory.write(Self.hook(name), to: "hooks/\(name).yaml") }
        let loader = ManifestLoader()
        let source = DirectorySource(root: directory.path)

        _ = try loader.load(from: source)
        #expect(loader.parseCount == 3)

        let unchanged = try loader.load(from: source)
        #expect(loader.parseCount == 0)
        #expect(unchanged.objects.count == 3)

        try directory.write(Self.hook("b", image: "registry.example.com/hook:2.0"), to: "hooks/b.yaml")
        let changed = try loader.load(from: source)
        #expect(loader.parseCount == 1)
        #expect(loader.totalParseCount == 4)
        let b = changed.objects.first { $0.name == "b" }
        #expect(b?.json[path: ["spec", "image"]] == "registry.example.com/hook:2.0")
    }

    @Test("a cached blob moved to another path is reported at its new path")
    func cacheIsPathIndependent() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.hook("a"), to: "hooks/a.yaml")
        let loader = ManifestLoader()
        let source = DirectorySource(root: directory.path)
        _ = try loader.load(from: source)
        try FileManager.default.createDirectory(atPath: directory.path + "/moved", withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            atPath: directory.path + "/hooks/a.yaml", toPath: directory.path + "/moved/a.yaml")
        let set = try loader.load(from: source)
        #expect(loader.parseCount == 0)
        #expect(set.objects.map(\.file) == ["moved/a.yaml"])
    }

    @Test("only *.yaml and *.yml files outside hidden folders are read, in path order")
    func directoryListing() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.hook("z"), to: "z.yml")
        try directory.write(Self.hook("a"), to: "a/a.yaml")
        try directory.write(Self.hook("hidden"), to: ".git/x.yaml")
        try directory.write(Self.hook("notes"), to: "notes.txt")
        try directory.write("# just a comment\n", to: "empty.yaml")
        let files = try DirectorySource(root: directory.path).files()
        #expect(files.map(\.path) == ["a/a.yaml", "empty.yaml", "z.yml"])
        #expect(files.allSatisfy { $0.size != nil && $0.blobID.hasPrefix("stat:") })
    }

    @Test("documents that are not objects fail their file")
    func notObjects() throws {
        let directory = try TemporaryDirectory()
        try directory.write("- a\n- b\n", to: "list.yaml")
        try directory.write("metadata: {name: x}\n", to: "nokind.yaml")
        try directory.write(Self.hook("fine"), to: "fine.yaml")
        let set = try ManifestLoader().load(from: DirectorySource(root: directory.path))
        #expect(set.failedPaths == ["list.yaml", "nokind.yaml"])
        #expect(set.objects.map(\.name) == ["fine"])
        #expect(
            set.loadFindings.map(\.description) == [
                "list.yaml:1:1: error: document 1 is an array, not a Kubernetes object",
                "nokind.yaml:1:1: error: document 1 has no apiVersion or kind; it is not a Kubernetes object",
            ])
    }

    @Test("a missing folder is an error of the whole load")
    func missingRoot() {
        #expect(throws: ManifestSourceError.self) {
            try ManifestLoader().load(from: DirectorySource(root: "/nonexistent/migsync"))
        }
    }

    @Test("migsync.yaml at the root sets repository settings and is not a manifest")
    func settingsFile() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "maxNamespacesPerPlan: 3\nstatus: commit\nprune: true\npolicies: rules/\nhostClusterName: main\ncolour: blue\n",
            to: "migsync.yaml")
        let set = try ManifestLoader().load(from: DirectorySource(root: directory.path))
        #expect(set.settings.maxNamespacesPerPlan == 3)
        #expect(set.settings.statusMode == .commit)
        #expect(set.settings.prune)
        #expect(set.settings.policyFolder == "rules")
        #expect(set.settings.hostClusterName == "main")
        #expect(set.settings.namespace == "openshift-migration")
        #expect(set.objects.isEmpty)
        #expect(set.loadFindings.map(\.description) == ["migsync.yaml:6:1: warning: colour: unknown setting, ignored"])
    }

    @Test("bad settings are errors and keep their defaults")
    func badSettings() throws {
        let directory = try TemporaryDirectory()
        try directory.write("maxNamespacesPerPlan: many\nstatus: git\n", to: "migsync.yaml")
        let set = try ManifestLoader().load(from: DirectorySource(root: directory.path))
        #expect(set.settings == .default)
        #expect(
            set.loadFindings.map(\.description) == [
                "migsync.yaml:1:1: error: maxNamespacesPerPlan: must be a positive integer",
                "migsync.yaml:2:1: error: status: must be \"notes\" or \"commit\"",
            ])
    }
}
