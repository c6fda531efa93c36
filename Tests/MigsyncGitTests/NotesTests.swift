import Foundation
import MigsyncGit
import MigsyncTesting
import Testing

@Suite("Git notes")
struct NotesTests {
    static let identity = GitIdentity(name: "migsync", email: "migsync@migsync.invalid")

    @Test("a note written, pushed and fetched is read back from a second clone", arguments: GitTransport.allCases)
    func notesRoundTrip(transport: GitTransport) async throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: try directory.subdirectory("served"))
        let planCommit = try served.commitAndPush(files: ["plans/shop.yaml": "kind: MigPlan\n"], message: "Plan")
        let server = try await GitServer.start(transport, basePath: directory.path + "/served")
        defer { server.stop() }
        let url = server.url(for: served)
        let writer = try GitRepository.openOrCloneMirror(url: url, branch: "main", path: directory.path + "/w.git")
        let commit = try #require(GitObjectID(hex: planCommit))
        let status = "kind: MigPlan\nname: shop\nready: true\n"

        try writer.setNote(status, on: commit, identity: Self.identity)
        try writer.push(url: url, refspecs: ["refs/notes/migsync:refs/notes/migsync"])

        #expect(try GitCLI.run(["notes", "--ref=migsync", "show", planCommit], in: served.barePath) + "\n" == status)
        let reader = try GitRepository.openOrCloneMirror(url: url, branch: "main", path: directory.path + "/r.git")
        #expect(try reader.note(on: commit) == nil)
        try reader.fetch(url: url, refspecs: ["+refs/notes/migsync:refs/notes/migsync"])
        #expect(try reader.note(on: commit) == status)
        #expect(try reader.notes() == [commit: status])
    }

    @Test("setting a note again replaces it; other commits keep theirs")
    func noteOverwrite() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        let first = try #require(GitObjectID(hex: try served.head()))
        let second = try #require(GitObjectID(hex: try served.commitAndPush(files: ["a": "a\n"], message: "A")))
        let repository = try GitRepository.open(path: served.barePath)

        try repository.setNote("one", on: first, identity: Self.identity)
        try repository.setNote("two", on: second, identity: Self.identity)
        try repository.setNote("two, again", on: second, identity: Self.identity)

        #expect(try repository.note(on: first) == "one")
        #expect(try repository.note(on: second) == "two, again")
        #expect(try repository.notes().count == 2)
        #expect(try repository.notes(notesRef: "refs/notes/other").isEmpty)
        #expect(try repository.note(on: first, notesRef: "refs/notes/other") == nil)

        try repository.removeNote(on: first, identity: Self.identity)
        try repository.removeNote(on: first, identity: Self.identity)
        #expect(try repository.notes() == [second: "two, again"])
        let author = try GitCLI.run(["log", "-1", "--format=%an", "refs/notes/migsync"], in: served.barePath)
        #expect(author == "migsync")
    }
}
