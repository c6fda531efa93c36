import Foundation
import MigsyncGit
import MigsyncTesting
import Testing

@Suite("Cloning, checking and fetching a remote branch")
struct MirrorAndFetchTests {
    @Test("a mirror clones only the tracked branch", arguments: GitTransport.allCases)
    func cloneOneBranch(transport: GitTransport) async throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: try directory.subdirectory("served"))
        let head = try served.commitAndPush(files: ["manifests/plan.yaml": "kind: MigPlan\n"], message: "Add plan")
        try GitCLI.run(["push", "--quiet", "origin", "HEAD:refs/heads/other"], in: served.workPath)
        let server = try await GitServer.start(transport, basePath: directory.path + "/served")
        defer { server.stop() }

        let mirror = try GitRepository.openOrCloneMirror(
            url: server.url(for: served),
            branch: "main",
            path: directory.path + "/mirror.git"
        )

        #expect(mirror.isBare)
        #expect(try mirror.resolve("refs/remotes/origin/main").hex == head)
        #expect(try mirror.referenceNames(matching: "refs/*") == ["refs/remotes/origin/main"])
        let files = try mirror.treeEntries(at: try mirror.resolve("refs/remotes/origin/main")).map(\.path)
        #expect(files == ["README.md", "manifests/plan.yaml"])
        // The remote URL is not written to the mirror's configuration.
        let remotes = try GitCLI.runAllowingFailure(["config", "--get-regexp", "^remote\\."], in: mirror.path)
        #expect(remotes.standardOutput.isEmpty)
    }

    @Test("opening an existing mirror does not fetch")
    func reopenDoesNotFetch() async throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        let first = try served.head()
        let path = directory.path + "/mirror.git"
        _ = try GitRepository.openOrCloneMirror(url: served.fileURL, branch: "main", path: path)
        try served.commitAndPush(files: ["b.yaml": "b\n"], message: "Add b")

        let reopened = try GitRepository.openOrCloneMirror(url: served.fileURL, branch: "main", path: path)

        #expect(try reopened.resolve("refs/remotes/origin/main").hex == first)
    }

    @Test("a failed clone leaves nothing at the mirror path")
    func failedCloneLeavesNothing() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        let path = directory.path + "/mirror.git"

        #expect(throws: GitError.self) {
            try GitRepository.openOrCloneMirror(url: served.fileURL, branch: "no-such-branch", path: path)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasPrefix("mirror.git")
        }
        #expect(leftovers.isEmpty)
    }

    @Test("the did-it-move check sees a new commit without transferring objects", arguments: GitTransport.allCases)
    func cheapMoveCheck(transport: GitTransport) async throws {
        let setup = try await ServedMirror.start(transport)
        defer { setup.stop() }
        let (served, url, mirror) = (setup.served, setup.url, setup.mirror)
        let local = try #require(mirror.readReference("refs/remotes/origin/main"))
        let objectsBefore = try GitCLI.objectCount(in: mirror.path)

        #expect(try mirror.remoteBranchHead(url: url, branch: "main") == local)
        #expect(try mirror.remoteBranchHead(url: url, branch: "missing") == nil)

        let pushed = try served.commitAndPush(files: ["plans/a.yaml": "kind: MigPlan\n"], message: "Add a")
        let remote = try mirror.remoteBranchHead(url: url, branch: "main")

        #expect(remote?.hex == pushed)
        #expect(try GitCLI.objectCount(in: mirror.path) == objectsBefore)
        #expect(mirror.contains(try #require(remote)) == false)
    }

    @Test("fetching a branch brings its new commit", arguments: GitTransport.allCases)
    func fetchNewCommit(transport: GitTransport) async throws {
        let setup = try await ServedMirror.start(transport)
        defer { setup.stop() }
        let (served, url, mirror) = (setup.served, setup.url, setup.mirror)
        let pushed = try served.commitAndPush(files: ["plans/a.yaml": "kind: MigPlan\n"], message: "Add a")

        let tip = try mirror.fetchBranch(url: url, branch: "main")

        #expect(tip.hex == pushed)
        #expect(mirror.readReference("refs/remotes/origin/main") == tip)
        let entry = try #require(try mirror.treeEntries(at: tip, under: "plans").first)
        #expect(try mirror.blobContents(entry.blobID) == Array("kind: MigPlan\n".utf8))
    }

    @Test(
        "one connection lists the references and fetches those that moved; what did not move is not fetched",
        arguments: GitTransport.allCases)
    func fetchMoved(transport: GitTransport) async throws {
        let setup = try await ServedMirror.start(transport)
        defer { setup.stop() }
        let (served, url, mirror) = (setup.served, setup.url, setup.mirror)
        let pushed = try served.commitAndPush(files: ["plans/a.yaml": "kind: MigPlan\n"], message: "Add a")
        let wanted: [String: String?] = ["refs/heads/main": "refs/remotes/origin/main", "refs/notes/none": nil]

        let references = try mirror.fetchMoved(url: url, wanted: wanted)

        #expect(references["refs/heads/main"]?.hex == pushed)
        #expect(references["refs/notes/none"] == nil)
        let tip = try #require(mirror.readReference("refs/remotes/origin/main"))
        #expect(tip.hex == pushed)
        let entry = try #require(try mirror.treeEntries(at: tip, under: "plans").first)
        #expect(try mirror.blobContents(entry.blobID) == Array("kind: MigPlan\n".utf8))
        let objects = try GitCLI.objectCount(in: mirror.path)
        #expect(try mirror.fetchMoved(url: url, wanted: wanted)["refs/heads/main"] == tip)
        #expect(try GitCLI.objectCount(in: mirror.path) == objects)
    }

    @Test("a moved branch costs one upload-pack session, not a listing and a fetch")
    func fetchMovedConnections() async throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: try directory.subdirectory("served"))
        let daemon = try await GitDaemon.start(basePath: directory.path + "/served")
        defer { daemon.stop() }
        let url = daemon.url(for: served.name)
        let mirror = try GitRepository.openOrCloneMirror(url: url, branch: "main", path: directory.path + "/m.git")
        let pushed = try served.commitAndPush(files: ["b": "b\n"], message: "Add b")
        let before = daemon.uploadPackSessions

        _ = try mirror.fetchMoved(url: url, wanted: ["refs/heads/main": "refs/remotes/origin/main"])

        #expect(mirror.readReference("refs/remotes/origin/main")?.hex == pushed)
        #expect(daemon.uploadPackSessions == before + 1)
    }

    @Test("fetching follows a force-pushed branch")
    func fetchFollowsRewrite() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        try served.commitAndPush(files: ["a": "1\n"], message: "One")
        let mirror = try GitRepository.openOrCloneMirror(
            url: served.fileURL, branch: "main", path: directory.path + "/m.git")
        try GitCLI.run(["reset", "--quiet", "--hard", "HEAD~1"], in: served.workPath)
        let rewritten = try served.commit(files: ["b": "2\n"], message: "Two")
        try GitCLI.run(["push", "--quiet", "--force", "origin", "HEAD:refs/heads/main"], in: served.workPath)

        #expect(try mirror.fetchBranch(url: served.fileURL, branch: "main").hex == rewritten)
    }
}
