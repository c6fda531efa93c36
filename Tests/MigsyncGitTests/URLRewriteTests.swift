import Foundation
import MigsyncTesting
import Testing

@testable import MigsyncGit

@Suite("Remote URLs rewritten by insteadOf and pushInsteadOf")
struct URLRewriteTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        /// Configuration entries as libgit2 names them (`url.<base>.insteadof`).
        var settings: [(name: String, value: String)]
        var url: String
        var fetchURL: String
        var pushURL: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "no rules", settings: [], url: "git://example.com/repo.git",
            fetchURL: "git://example.com/repo.git", pushURL: "git://example.com/repo.git"),
        Case(
            label: "an alias prefix", settings: [("url.https://github.com/.insteadof", "gh:")], url: "gh:org/repo",
            fetchURL: "https://github.com/org/repo", pushURL: "https://github.com/org/repo"),
        Case(
            label: "the longest matching prefix wins",
            settings: [
                ("url.ssh://proxy.example.com/.insteadof", "https://"),
                ("url.ssh://git@github.com/.insteadof", "https://github.com/"),
            ],
            url: "https://github.com/org/repo", fetchURL: "ssh://git@github.com/org/repo",
            pushURL: "ssh://git@github.com/org/repo"),
        Case(
            label: "pushInsteadOf changes pushes only",
            settings: [("url.ssh://git@github.com/.pushinsteadof", "https://github.com/")],
            url: "https://github.com/org/repo", fetchURL: "https://github.com/org/repo",
            pushURL: "ssh://git@github.com/org/repo"),
        Case(
            label: "pushes fall back to insteadOf",
            settings: [
                ("url.https://mirror.example.com/git/.insteadof", "gh:"),
                ("url.ssh://git@other.example.com/.pushinsteadof", "https://other.example.com/"),
            ],
            url: "gh:repo", fetchURL: "https://mirror.example.com/git/repo",
            pushURL: "https://mirror.example.com/git/repo"),
        Case(
            label: "other url settings are ignored",
            settings: [("url.https://example.com/.insteadofnothing", "gh:"), ("user.name", "gh:")], url: "gh:repo",
            fetchURL: "gh:repo", pushURL: "gh:repo"),
    ]

    @Test("a URL is rewritten the way git rewrites it", arguments: cases)
    func rewriting(_ example: Case) {
        var rules = URLRewriteRules()
        for setting in example.settings { rules.add(name: setting.name, value: setting.value) }

        #expect(rules.rewritten(example.url, forPush: false) == example.fetchURL)
        #expect(rules.rewritten(example.url, forPush: true) == example.pushURL)
    }

    @Test("fetches and pushes go where the configuration's aliases point", arguments: [GitTransport.git, .http])
    func aliasesInTheConfiguration(transport: GitTransport) async throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: try directory.subdirectory("served"))
        let head = try served.commitAndPush(files: ["plan.yaml": "kind: MigPlan\n"], message: "Add plan")
        let server = try await GitServer.start(transport, basePath: directory.path + "/served")
        defer { server.stop() }
        let mirror = try GitRepository.create(path: directory.path + "/mirror.git", bare: true)
        let realBase = String(server.url(for: served).dropLast(served.name.count))
        // Fetches through `served:` reach the server; pushes through it would go to a port
        // nothing listens on, unless pushInsteadOf sends them to the server too.
        try GitCLI.run(["config", "url.\(realBase).insteadOf", "served:"], in: mirror.path)
        try GitCLI.run(["config", "url.git://127.0.0.1:1/.insteadOf", "pushed:"], in: mirror.path)
        try GitCLI.run(["config", "url.\(realBase).pushInsteadOf", "pushed:"], in: mirror.path)

        let fetched = try mirror.fetchBranch(url: "served:\(served.name)", branch: "main")
        try mirror.push(url: "pushed:\(served.name)", refspecs: ["\(fetched.hex):refs/heads/copy"])

        #expect(fetched.hex == head)
        #expect(try served.served("refs/heads/copy") == head)
        #expect(try mirror.remoteBranchHead(url: "served:\(served.name)", branch: "copy")?.hex == head)
    }
}
