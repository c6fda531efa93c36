import Foundation
import MigsyncGit
import MigsyncTesting
import Testing

@Suite("Reading commits and trees")
struct TreeReadingTests {
    @Test("resolve names the same commit as git rev-parse")
    func resolveMatchesGit() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        let sha = try served.commitAndPush(files: ["a.yaml": "a: 1\n"], message: "Add a")
        let repository = try GitRepository.open(path: served.barePath)

        #expect(try repository.resolve("main").hex == sha)
        #expect(try repository.resolve("refs/heads/main").hex == sha)
        #expect(try repository.resolve(String(sha.prefix(10))).hex == sha)
        let parent = try GitCLI.run(["rev-parse", "HEAD~1"], in: served.workPath)
        #expect(try repository.resolve("main~1").hex == parent)
        #expect(repository.readReference("refs/heads/main")?.hex == sha)
        #expect(repository.readReference("refs/heads/missing") == nil)
    }

    @Test("resolving a missing revision is a not-found error naming the revision")
    func resolveMissing() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        let repository = try GitRepository.open(path: served.barePath)
        let error = #expect(throws: GitError.self) { try repository.resolve("no-such-branch") }
        #expect(error?.isNotFound == true)
        #expect(error?.description.contains("no-such-branch") == true)
    }

    @Test("tree changes between two commits are the files whose entries differ, with what each path holds now")
    func treeChanges() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        let before = try served.commitAndPush(
            files: [
                "manifests/a.yaml": "a: 1\n", "manifests/b.yaml": "b: 1\n", "manifests/sub/c.yaml": "c: 1\n",
                "manifests/gone/x.yaml": "x: 1\n", "other/d.yaml": "d: 1\n",
            ],
            message: "Before")
        let after = try served.commitAndPush(
            files: [
                "manifests/a.yaml": "a: 2\n", "manifests/b.yaml": nil, "manifests/sub/e.yaml": "e: 1\n",
                "manifests/gone/x.yaml": nil, "manifests/new/y.yaml": "y: 1\n", "other/d.yaml": "d: 2\n",
            ],
            message: "After")
        let repository = try GitRepository.open(path: served.barePath)
        let from = try #require(GitObjectID(hex: before))
        let to = try #require(GitObjectID(hex: after))
        let changes = try repository.treeChanges(from: from, to: to, under: "manifests")
        #expect(
            changes.map(\.path) == [
                "manifests/a.yaml", "manifests/b.yaml", "manifests/gone/x.yaml", "manifests/new/y.yaml",
                "manifests/sub/e.yaml",
            ])
        #expect(changes.map(\.path) == (try repository.changedPaths(from: from, to: to, under: "manifests")))
        let entries = Dictionary(uniqueKeysWithValues: try repository.treeEntries(at: to).map { ($0.path, $0) })
        #expect(
            changes.map(\.entry) == [
                entries["manifests/a.yaml"], nil, nil, entries["manifests/new/y.yaml"], entries["manifests/sub/e.yaml"],
            ])
        #expect(try repository.treeChanges(from: to, to: to, under: "manifests").isEmpty)
        #expect(try repository.treeChanges(from: from, to: to).map(\.path).contains("other/d.yaml"))
    }

    @Test("opening a folder that is not a repository fails")
    func openMissing() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: GitError.self) { try GitRepository.open(path: directory.path + "/nothing") }
    }

    @Test(
        "tree entries under a prefix list exactly the files git ls-tree lists",
        arguments: ["", "manifests", "manifests/", "/manifests/plans", "missing"]
    )
    func treeUnderPrefix(prefix: String) throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        try served.commit(
            files: [
                "manifests/cluster.yaml": "kind: MigCluster\n",
                "manifests/plans/shop.yaml": "kind: MigPlan\n",
                "manifests/plans/cart.yml": "kind: MigPlan\n",
                "other/notes.txt": "x\n",
                "run.sh": "#!/bin/sh\n",
            ],
            message: "Add manifests"
        )
        try GitCLI.run(["update-index", "--chmod=+x", "run.sh"], in: served.workPath)
        try GitCLI.run(["commit", "--quiet", "-m", "Make run.sh executable"], in: served.workPath)
        try served.push()
        let repository = try GitRepository.open(path: served.barePath)
        let head = try repository.resolve("main")

        let entries = try repository.treeEntries(at: head, under: prefix)

        let trimmed = prefix.split(separator: "/").joined(separator: "/")
        var arguments = ["ls-tree", "-r", "--format=%(objectname) %(objectmode) %(path)", "main"]
        if !trimmed.isEmpty { arguments += ["--", trimmed] }
        let expected = try GitCLI.run(arguments, in: served.barePath)
            .split(separator: "\n").map(String.init)
        let actual = entries.map { "\($0.blobID.hex) \($0.isExecutable ? "100755" : "100644") \($0.path)" }
        #expect(actual.sorted() == expected.sorted())
        if trimmed == "" {
            #expect(entries.first { $0.path == "run.sh" }?.isExecutable == true)
        }
    }

    @Test("blob contents are the committed bytes")
    func blobContents() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        let text = "apiVersion: migration.openshift.io/v1alpha1\nkind: MigPlan\n# ünïcode\n"
        try served.commitAndPush(files: ["plans/shop.yaml": text], message: "Add plan")
        let repository = try GitRepository.open(path: served.barePath)
        let entries = try repository.treeEntries(at: try repository.resolve("main"), under: "plans")

        let entry = try #require(entries.first)
        #expect(entries.count == 1)
        #expect(try repository.blobContents(entry.blobID) == Array(text.utf8))
        #expect(try repository.blobSize(entry.blobID) == text.utf8.count)
        #expect(try repository.withBlobContents(entry.blobID) { String(decoding: $0, as: UTF8.self) } == text)
    }

    @Test("object ids accept 40 hex digits only")
    func objectIDParsing() {
        #expect(GitObjectID(hex: String(repeating: "a", count: 40)) != nil)
        #expect(GitObjectID(hex: String(repeating: "A", count: 40))?.hex == String(repeating: "a", count: 40))
        #expect(GitObjectID(hex: String(repeating: "a", count: 39)) == nil)
        #expect(GitObjectID(hex: String(repeating: "g", count: 40)) == nil)
    }
}
