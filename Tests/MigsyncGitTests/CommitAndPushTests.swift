import Foundation
import MigsyncGit
import MigsyncTesting
import Testing

@Suite("Committing in a mirror and pushing")
struct CommitAndPushTests {
    static let identity = GitIdentity(name: "migsync bot", email: "bot@migsync.invalid")

    @Test("a commit applies writes and deletions on top of the parent's tree")
    func commitAppliesChanges() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        try served.commit(files: ["keep.txt": "keep\n", "gone.txt": "bye\n", "dir/old.yaml": "old\n"], message: "Base")
        try GitCLI.run(["update-index", "--chmod=+x", "keep.txt"], in: served.workPath)
        try GitCLI.run(["commit", "--quiet", "-m", "Executable"], in: served.workPath)
        try served.push()
        let repository = try GitRepository.open(path: served.barePath)
        let parent = try repository.resolve("main")

        let commit = try repository.commit(
            on: "refs/heads/main",
            parent: parent,
            changes: [
                "status/plan/shop.yaml": Array("phase: Ready\n".utf8),
                "keep.txt": Array("kept\n".utf8),
                "gone.txt": nil,
                "dir/old.yaml": nil,
                "never-existed.txt": nil,
            ],
            message: "Write status\n\nMigsync-Revision: main@sha1:\(parent.hex)\n",
            identity: Self.identity
        )

        #expect(repository.readReference("refs/heads/main") == commit)
        let listing = try GitCLI.run(
            ["ls-tree", "-r", "--format=%(objectmode) %(path)", commit.hex], in: served.barePath)
        #expect(
            listing.split(separator: "\n") == ["100644 README.md", "100755 keep.txt", "100644 status/plan/shop.yaml"])
        #expect(try GitCLI.run(["show", "\(commit.hex):status/plan/shop.yaml"], in: served.barePath) == "phase: Ready")
        #expect(
            try GitCLI.run(["log", "-1", "--format=%an <%ae>|%P", commit.hex], in: served.barePath)
                == "migsync bot <bot@migsync.invalid>|\(parent.hex)")
        #expect(try repository.commitInfo(commit).trailerValues("Migsync-Revision") == ["main@sha1:\(parent.hex)"])
    }

    @Test("a root commit creates a new branch")
    func rootCommit() throws {
        let directory = try TemporaryDirectory()
        let repository = try GitRepository.create(path: directory.path + "/r.git", bare: true)

        let commit = try repository.commit(
            on: "migsync/status", parent: nil, changes: ["status/a.yaml": Array("a\n".utf8)], message: "Status",
            identity: Self.identity)

        #expect(repository.readReference("refs/heads/migsync/status") == commit)
        #expect(try repository.commitInfo(commit).parents.isEmpty)
        #expect(try repository.treeEntries(at: commit).map(\.path) == ["status/a.yaml"])
    }

    @Test("committing on a stale parent is refused instead of overwriting the branch")
    func staleParentRefused() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        let repository = try GitRepository.open(path: served.barePath)
        let old = try repository.resolve("main")
        let newer = try repository.commit(
            on: "refs/heads/main", parent: old, changes: ["a": Array("1".utf8)], message: "A", identity: Self.identity)

        #expect(throws: GitError.self) {
            try repository.commit(
                on: "refs/heads/main", parent: old, changes: ["b": Array("2".utf8)], message: "B",
                identity: Self.identity)
        }
        #expect(repository.readReference("refs/heads/main") == newer)
    }

    @Test("a pushed commit reaches the server", arguments: GitTransport.allCases)
    func commitAndPush(transport: GitTransport) async throws {
        let setup = try await ServedMirror.start(transport)
        defer { setup.stop() }
        let (served, url, mirror) = (setup.served, setup.url, setup.mirror)
        let tip = try mirror.resolve("refs/remotes/origin/main")

        let commit = try mirror.commit(
            on: "refs/heads/main", parent: tip, changes: ["status.yaml": Array("ok\n".utf8)], message: "Status",
            identity: Self.identity)
        try mirror.push(url: url, refspecs: ["refs/heads/main:refs/heads/main"])

        #expect(try served.served() == commit.hex)
        try GitCLI.run(["pull", "--quiet", "--ff-only", "origin", "main"], in: served.workPath)
        #expect(try String(contentsOfFile: served.workPath + "/status.yaml", encoding: .utf8) == "ok\n")
    }

    @Test(
        "a push refused by a pre-receive hook is reported with the server's reason", arguments: GitTransport.withHooks)
    func preReceiveRejection(transport: GitTransport) async throws {
        let setup = try await ServedMirror.start(transport) {
            try $0.installHook("pre-receive", script: "#!/bin/sh\necho 'branch is frozen' >&2\nexit 1\n")
        }
        defer { setup.stop() }
        let (served, url, mirror) = (setup.served, setup.url, setup.mirror)
        let before = try served.served()
        let tip = try mirror.resolve("refs/remotes/origin/main")
        try mirror.commit(
            on: "refs/heads/main", parent: tip, changes: ["x": Array("x".utf8)], message: "X", identity: Self.identity)

        let error = #expect(throws: GitError.self) {
            try mirror.push(url: url, refspecs: ["refs/heads/main:refs/heads/main"])
        }

        guard case .pushRejected(let ref, let reason) = error else {
            Issue.record("expected pushRejected, got \(String(describing: error))")
            return
        }
        #expect(ref == "refs/heads/main")
        #expect(reason.contains("pre-receive hook declined"))
        #expect(try served.served() == before)
    }

    @Test("a push refused by an update hook for one reference names that reference", arguments: GitTransport.withHooks)
    func updateHookRejection(transport: GitTransport) async throws {
        let setup = try await ServedMirror.start(transport) {
            try $0.installHook(
                "update", script: "#!/bin/sh\ncase \"$1\" in refs/heads/protected) exit 1;; esac\nexit 0\n")
        }
        defer { setup.stop() }
        let (served, url, mirror) = (setup.served, setup.url, setup.mirror)
        let tip = try mirror.resolve("refs/remotes/origin/main")

        let error = #expect(throws: GitError.self) {
            try mirror.push(url: url, refspecs: ["\(tip.hex):refs/heads/protected"])
        }

        #expect(error == .pushRejected(ref: "refs/heads/protected", reason: "hook declined"))
        #expect(try served.served("refs/heads/protected") == nil)
        try mirror.push(url: url, refspecs: ["\(tip.hex):refs/heads/open"])
        #expect(try served.served("refs/heads/open") == tip.hex)
    }

    @Test("a push behind the remote is reported as non-fast-forward", arguments: GitTransport.allCases)
    func nonFastForward(transport: GitTransport) async throws {
        let setup = try await ServedMirror.start(transport)
        defer { setup.stop() }
        let (served, url, mirror) = (setup.served, setup.url, setup.mirror)
        let tip = try mirror.resolve("refs/remotes/origin/main")
        let someoneElse = try served.commitAndPush(files: ["theirs": "t\n"], message: "Theirs")
        let ours = try mirror.commit(
            on: "refs/heads/main", parent: tip, changes: ["ours": Array("o".utf8)], message: "Ours",
            identity: Self.identity)

        // The remote tip is unknown locally.
        #expect(throws: GitError.nonFastForward(ref: "refs/heads/main")) {
            try mirror.push(url: url, refspecs: ["refs/heads/main:refs/heads/main"])
        }
        // The remote tip is known locally but is not an ancestor of ours.
        try mirror.fetchBranch(url: url, branch: "main")
        #expect(throws: GitError.nonFastForward(ref: "refs/heads/main")) {
            try mirror.push(url: url, refspecs: ["\(ours.hex):refs/heads/main"])
        }
        #expect(try served.served() == someoneElse)
    }
}
