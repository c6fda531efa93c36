import Foundation
import MigsyncGit
import MigsyncTesting
import Testing

/// Pushing status into a repository that has a working tree (`--repo ~/src/migrations`),
/// which libgit2's local transport refuses on its own.
@Suite("Pushing into a local checkout")
struct LocalWorkingRepositoryPushTests {
    static let identity = GitIdentity(name: "migsync", email: "migsync@localhost")

    /// A checkout with one commit, and a bare mirror cloned from it.
    static func checkoutAndMirror(_ directory: TemporaryDirectory) throws -> (checkout: String, mirror: GitRepository) {
        let checkout = directory.path + "/checkout"
        try GitCLI.run(["init", "--quiet", "-b", "main", checkout], in: directory.path)
        try "kind: MigPlan\n".write(toFile: checkout + "/plan.yaml", atomically: true, encoding: .utf8)
        try GitCLI.run(["add", "plan.yaml"], in: checkout)
        try GitCLI.run(["commit", "--quiet", "-m", "Plan"], in: checkout)
        let mirror = try GitRepository.openOrCloneMirror(
            url: "file://" + checkout, branch: "main", path: directory.path + "/mirror.git")
        return (checkout, mirror)
    }

    @Test(
        "notes pushed to a checkout's file:// URL or plain path land there, and a later push fast-forwards them",
        arguments: [true, false])
    func notesLand(asURL: Bool) throws {
        let directory = try TemporaryDirectory()
        let (checkout, mirror) = try Self.checkoutAndMirror(directory)
        let url = asURL ? "file://" + checkout : checkout
        let head = try mirror.resolve("refs/remotes/origin/main")
        let first = try mirror.commit(
            on: "refs/migsync/outgoing", parent: nil, changes: [head.hex: Array("phase: Ready\n".utf8)],
            message: "status\n", identity: Self.identity)
        try mirror.push(url: url, refspecs: ["refs/migsync/outgoing:refs/notes/migsync"])
        #expect(try GitCLI.run(["notes", "--ref=migsync", "show", "HEAD"], in: checkout) == "phase: Ready")

        let second = try mirror.commit(
            on: "refs/migsync/outgoing", parent: first, changes: [head.hex: Array("phase: Completed\n".utf8)],
            message: "status\n", identity: Self.identity)
        try mirror.push(url: url, refspecs: ["refs/migsync/outgoing:refs/notes/migsync"])
        #expect(try GitCLI.run(["rev-parse", "refs/notes/migsync"], in: checkout) == second.hex)
        #expect(try GitCLI.run(["notes", "--ref=migsync", "show", "HEAD"], in: checkout) == "phase: Completed")
        #expect(try GitCLI.run(["for-each-ref", "refs/migsync-incoming"], in: checkout).isEmpty)
    }

    @Test("a push that would rewind the checkout's reference is a non-fast-forward error")
    func nonFastForward() throws {
        let directory = try TemporaryDirectory()
        let (checkout, mirror) = try Self.checkoutAndMirror(directory)
        let head = try mirror.resolve("refs/remotes/origin/main")
        _ = try mirror.commit(
            on: "refs/migsync/a", parent: nil, changes: [head.hex: Array("a\n".utf8)], message: "a\n",
            identity: Self.identity)
        _ = try mirror.commit(
            on: "refs/migsync/b", parent: nil, changes: [head.hex: Array("b\n".utf8)], message: "b\n",
            identity: Self.identity)
        try mirror.push(url: checkout, refspecs: ["refs/migsync/a:refs/notes/migsync"])
        #expect(throws: GitError.nonFastForward(ref: "refs/notes/migsync")) {
            try mirror.push(url: checkout, refspecs: ["refs/migsync/b:refs/notes/migsync"])
        }
        #expect(try GitCLI.run(["notes", "--ref=migsync", "show", "HEAD"], in: checkout) == "a")
    }

    @Test("the checked-out branch is never pushed to")
    func checkedOutBranchRefused() throws {
        let directory = try TemporaryDirectory()
        let (checkout, mirror) = try Self.checkoutAndMirror(directory)
        let head = try mirror.resolve("refs/remotes/origin/main")
        let next = try mirror.commit(
            on: "refs/migsync/next", parent: head, changes: ["x.yaml": Array("x\n".utf8)], message: "x\n",
            identity: Self.identity)
        #expect(throws: GitError.self) {
            try mirror.push(url: checkout, refspecs: ["\(next.hex):refs/heads/main"])
        }
        #expect(try GitCLI.run(["rev-parse", "main"], in: checkout) == head.hex)
    }
}
