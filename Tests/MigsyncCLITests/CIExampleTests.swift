import Foundation
import MigsyncTesting
import Testing
import Yams

/// `examples/ci`: the preview script posting to a GitHub-like API, and the workflow calling it.
@Suite("CI example", .serialized)
struct CIExampleTests {
    struct LoggedRequest: Decodable {
        struct Body: Decodable { var body: String }
        var method: String
        var path: String
        var authorized: Bool
        var body: Body?
    }

    @Test("post-preview.sh posts the plan as one comment, updates it on the next run, and never prints the token")
    func postsAndUpdatesOneComment() async throws {
        let directory = try TemporaryDirectory(prefix: "migsync-ci")
        let served = try ServedRepository(basePath: directory.path)
        let daemon = try await GitDaemon.start(basePath: directory.path)
        let emulator = try await EmulatorFixture.start()
        let token = "ghs_exampletoken1234567890"
        let log = directory.path + "/requests.log"
        let github = try ServerProcess(
            executable: "/usr/bin/env",
            arguments: ["python3", RepositoryRoot.file("Tests/MigsyncCLITests/Fixtures/fake_github.py"), log, token])
        let port = try await github.waitForOutput(containing: "\n").trimmingCharacters(in: .whitespacesAndNewlines)

        _ = try served.commitAndPush(files: try DemoFiles.files(["migsync.yaml", "clusters"]), message: "Clusters")
        try GitCLI.run(["checkout", "--quiet", "-b", "pr"], in: served.workPath)
        try served.commit(files: try DemoFiles.files(["storage"]), message: "Storage")
        try GitCLI.run(["push", "--quiet", "origin", "HEAD:refs/pull/5/head"], in: served.workPath)

        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = BuiltProducts.directory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["HOME"] = directory.path
        environment["KUBECONFIG"] = emulator.kubeconfigPath
        environment["GITHUB_TOKEN"] = token
        environment["GITHUB_REPOSITORY"] = "shop/gitops"
        environment["GITHUB_API_URL"] = "http://127.0.0.1:\(port)"
        environment["PR_NUMBER"] = "5"
        environment["MIGSYNC_REPO"] = daemon.url(for: served.name)
        let script = RepositoryRoot.file("examples/ci/post-preview.sh")

        let first = try await CommandRunner.run(script, [], environment: environment, workingDirectory: directory.path)
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.stdout.contains("posted the migsync plan comment on pull request #5"))
        let second = try await CommandRunner.run(script, [], environment: environment, workingDirectory: directory.path)
        #expect(second.exitCode == 0, "\(second)")
        #expect(second.stdout.contains("updated the migsync plan comment"))
        for output in [first, second] {
            #expect(!output.stdout.contains(token) && !output.stderr.contains(token))
        }

        let requests = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(LoggedRequest.self, from: Data($0.utf8))
        }
        #expect(requests.map(\.method) == ["GET", "POST", "GET", "PATCH"])
        #expect(requests.allSatisfy { $0.authorized })
        #expect(requests[1].path == "/repos/shop/gitops/issues/5/comments")
        #expect(requests[3].path == "/repos/shop/gitops/issues/comments/101")
        let body = try #require(requests[1].body?.body)
        #expect(body.hasPrefix("<!-- migsync-plan -->\n### migsync plan"))
        #expect(body.contains("+ create MigStorage/minio"))
        github.stop()
        await emulator.stop()
        daemon.stop()
    }

    @Test("a failing plan fails the script with plan's exit status and posts nothing")
    func failingPlanPostsNothing() async throws {
        let directory = try TemporaryDirectory(prefix: "migsync-ci-fail")
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = BuiltProducts.directory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["HOME"] = directory.path
        environment["KUBECONFIG"] = nil
        environment["GITHUB_TOKEN"] = "t"
        environment["GITHUB_REPOSITORY"] = "shop/gitops"
        environment["GITHUB_API_URL"] = "http://127.0.0.1:9"
        environment["PR_NUMBER"] = "5"
        environment["MIGSYNC_REPO"] = directory.path + "/missing.git"
        let result = try await CommandRunner.run(
            RepositoryRoot.file("examples/ci/post-preview.sh"), [], environment: environment,
            workingDirectory: directory.path)
        #expect(result.exitCode == 3, "\(result)")
        #expect(result.stderr.contains("migsync plan failed with exit status 3"))
    }

    @Test("the GitHub workflow runs the script with every variable it requires")
    func workflowCallsScript() throws {
        let text = try String(contentsOfFile: RepositoryRoot.file("examples/ci/github-actions.yml"), encoding: .utf8)
        let workflow = try #require(try Yams.load(yaml: text) as? [String: Any])
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        let preview = try #require(jobs["preview"] as? [String: Any])
        let steps = try #require(preview["steps"] as? [[String: Any]])
        let post = try #require(
            steps.first { ($0["run"] as? String)?.hasSuffix("\nmigsync-post-preview\n") ?? false },
            "no step runs the script")
        let environment = try #require(post["env"] as? [String: String])
        for name in ["GITHUB_TOKEN", "PR_NUMBER", "MIGSYNC_REPO", "MIGSYNC_BASE"] {
            #expect(environment[name] != nil, "workflow does not set \(name)")
        }
        let install = try #require(steps.first { ($0["run"] as? String)?.contains("post-preview.sh") ?? false })
        #expect((install["run"] as? String)?.contains("examples/ci/post-preview.sh") ?? false)
        let permissions = try #require(workflow["permissions"] as? [String: String])
        #expect(permissions["pull-requests"] == "write")
    }
}
