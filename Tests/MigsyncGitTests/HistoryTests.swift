import Foundation
import MigsyncGit
import MigsyncTesting
import Testing

@Suite("Changed paths, last commit and commit metadata")
struct HistoryTests {
    /// A served repository with a history touching files inside and outside `manifests/`.
    struct Fixture {
        let directory: TemporaryDirectory
        let served: ServedRepository
        let repository: GitRepository
        /// Commit ids, oldest first: initial, add, modify+delete, rename, outside-only.
        let commits: [GitObjectID]

        init() throws {
            directory = try TemporaryDirectory()
            served = try ServedRepository(basePath: directory.path)
            var shas = [try served.head()]
            shas.append(
                try served.commit(
                    files: [
                        "manifests/a.yaml": "a: 1\n", "manifests/sub/b.yaml": "b: 1\n", "manifests/c.yaml": "c: 1\n",
                        "docs/x.md": "x\n",
                    ],
                    message: "Add manifests"
                )
            )
            shas.append(
                try served.commit(
                    files: ["manifests/a.yaml": "a: 2\n", "manifests/c.yaml": nil], message: "Change a, drop c"))
            try GitCLI.run(["mv", "manifests/sub/b.yaml", "manifests/b.yaml"], in: served.workPath)
            shas.append(try served.commit(files: [:], message: "Move b"))
            shas.append(try served.commit(files: ["docs/x.md": "y\n"], message: "Docs only"))
            try served.push()
            repository = try GitRepository.open(path: served.barePath)
            commits = shas.compactMap { GitObjectID(hex: $0) }
        }

        func gitDiff(_ from: Int, _ to: Int, _ prefix: String) throws -> [String] {
            var arguments = ["diff", "--name-only", "--no-renames", commits[from].hex, commits[to].hex]
            if !prefix.isEmpty { arguments += ["--", prefix] }
            return try GitCLI.run(arguments, in: served.barePath).split(separator: "\n").map(String.init).sorted()
        }
    }

    @Test(
        "changed paths match git diff --name-only",
        arguments: [
            (0, 1, ""), (1, 2, "manifests"), (2, 3, "manifests"), (3, 4, "manifests"), (3, 4, ""),
            (0, 4, "manifests/sub"),
        ]
    )
    func changedPathsMatchGit(from: Int, to: Int, prefix: String) throws {
        let fixture = try Fixture()
        let actual = try fixture.repository.changedPaths(
            from: fixture.commits[from], to: fixture.commits[to], under: prefix)
        #expect(actual == (try fixture.gitDiff(from, to, prefix)))
    }

    @Test("a rename is reported under both paths, a change outside the prefix not at all")
    func renameAndOutside() throws {
        let fixture = try Fixture()
        #expect(
            try fixture.repository.changedPaths(from: fixture.commits[2], to: fixture.commits[3], under: "manifests")
                == ["manifests/b.yaml", "manifests/sub/b.yaml"])
        #expect(
            try fixture.repository.changedPaths(from: fixture.commits[3], to: fixture.commits[4], under: "manifests")
                == [])
    }

    @Test("changed paths from nothing lists every file under the prefix")
    func changedFromNothing() throws {
        let fixture = try Fixture()
        #expect(
            try fixture.repository.changedPaths(from: nil, to: fixture.commits[4], under: "manifests")
                == ["manifests/a.yaml", "manifests/b.yaml"])
    }

    @Test(
        "last commit touching a path matches git log -1",
        arguments: [
            "manifests/a.yaml", "manifests/b.yaml", "manifests", "docs/x.md", "README.md", "manifests/c.yaml",
            "nowhere",
        ])
    func lastCommitMatchesGit(path: String) throws {
        let fixture = try Fixture()
        let expected = try GitCLI.run(["log", "-1", "--format=%H", "main", "--", path], in: fixture.served.barePath)
        let actual = try fixture.repository.lastCommit(touching: path, from: fixture.commits[4])
        #expect(actual?.hex == (expected.isEmpty ? nil : expected))
    }

    @Test("last commit credits the commit on a merged branch, not the merge")
    func lastCommitThroughMerge() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        try GitCLI.run(["checkout", "--quiet", "-b", "feature"], in: served.workPath)
        let featureCommit = try served.commit(files: ["plans/x.yaml": "x\n"], message: "Feature")
        try GitCLI.run(["checkout", "--quiet", "main"], in: served.workPath)
        try served.commit(files: ["other.txt": "o\n"], message: "Main moves")
        try GitCLI.run(["merge", "--quiet", "--no-ff", "-m", "Merge feature", "feature"], in: served.workPath)
        try served.push()
        let repository = try GitRepository.open(path: served.barePath)

        let found = try repository.lastCommit(touching: "plans/x.yaml", from: try repository.resolve("main"))

        #expect(found?.hex == featureCommit)
    }

    @Test("a merge that kept the mainline version hides the side branch's change, as git log does")
    func lastCommitFollowsTreesameParent() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        let mainChange = try served.commit(files: ["plan.yaml": "main\n", "side-only.yaml": "base\n"], message: "Main")
        try GitCLI.run(["checkout", "--quiet", "-b", "side", "HEAD~1"], in: served.workPath)
        try served.commit(files: ["plan.yaml": "side\n"], message: "Side changes plan")
        let sideOnly = try served.commit(files: ["side-only.yaml": "side\n", "new.yaml": "n\n"], message: "Side only")
        try GitCLI.run(["checkout", "--quiet", "main"], in: served.workPath)
        // Merge with "ours" for plan.yaml but take the side's other files.
        try GitCLI.run(["merge", "--quiet", "--no-commit", "-X", "ours", "side"], in: served.workPath)
        try GitCLI.run(["checkout", "main", "--", "plan.yaml"], in: served.workPath)
        try GitCLI.run(["commit", "--quiet", "-m", "Merge side"], in: served.workPath)
        try served.push()
        let repository = try GitRepository.open(path: served.barePath)
        let head = try repository.resolve("main")
        let paths = ["plan.yaml", "side-only.yaml", "new.yaml", "README.md", "", "missing.yaml"]

        let batch = try repository.lastCommits(touching: paths, from: head)

        for path in paths {
            var arguments = ["log", "-1", "--format=%H", "main"]
            if !path.isEmpty { arguments += ["--", path] }
            let expected = try GitCLI.run(arguments, in: served.barePath)
            #expect(batch[path]?.hex == (expected.isEmpty ? nil : expected), "path \(path)")
            #expect(try repository.lastCommit(touching: path, from: head) == batch[path])
        }
        #expect(batch["plan.yaml"]?.hex == mainChange)
        #expect(batch["new.yaml"]?.hex == sideOnly)
    }

    @Test("last commits for many paths in one walk match git log for each")
    func lastCommitsBatchMatchesGit() throws {
        let fixture = try Fixture()
        let files = try GitCLI.run(["log", "--format=", "--name-only", "main"], in: fixture.served.barePath)
            .split(separator: "\n").map(String.init)
        let paths = Array(Set(files + ["manifests", "manifests/sub", "docs"]))

        let batch = try fixture.repository.lastCommits(touching: paths, from: fixture.commits[4])

        for path in paths {
            let expected = try GitCLI.run(
                ["log", "-1", "--format=%H", "main", "--", path], in: fixture.served.barePath)
            #expect(batch[path]?.hex == expected, "path \(path)")
        }
    }

    @Test("commit info carries author, committer, parents, summary and trailers")
    func commitInfo() throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: directory.path)
        let parent = try served.head()
        let message = """
            Cut over shop

            Moves the shop namespace.

            Approved-by: Alice <alice@example.com>
            Approved-by: Bob <bob@example.com>
            Ticket: MIG-42
            """
        try GitCLI.run(
            ["commit", "--quiet", "--allow-empty", "-m", message], in: served.workPath,
            environment: [
                "GIT_AUTHOR_NAME": "Ann Author", "GIT_AUTHOR_EMAIL": "ann@example.com",
                "GIT_AUTHOR_DATE": "2024-03-01T10:00:00+02:00",
            ])
        try served.push()
        let repository = try GitRepository.open(path: served.barePath)

        let info = try repository.commitInfo(try repository.resolve("main"))

        #expect(info.parents.map(\.hex) == [parent])
        #expect(info.author.name == "Ann Author")
        #expect(info.author.email == "ann@example.com")
        #expect(info.author.date == Date(timeIntervalSince1970: 1_709_280_000))
        #expect(info.author.timeZoneOffsetMinutes == 120)
        #expect(info.committer.name == GitCLI.authorName)
        #expect(info.summary == "Cut over shop")
        #expect(info.message.hasPrefix("Cut over shop\n\nMoves the shop namespace."))
        #expect(info.trailers.map(\.key) == ["Approved-by", "Approved-by", "Ticket"])
        #expect(info.trailerValues("approved-by") == ["Alice <alice@example.com>", "Bob <bob@example.com>"])
        #expect(info.trailerValues("Ticket") == ["MIG-42"])
    }
}
