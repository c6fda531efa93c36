import Foundation
import MigsyncTesting
import Testing

/// Runs the built `migsync validate` the way CI and users do.
@Suite("migsync validate")
struct ValidateCommandTests {
    static let demo = RepositoryRoot.file("examples/demo")
    static let planted = RepositoryRoot.file("Tests/MTCManifestsTests/Fixtures/planted")

    /// The error lines the planted repository must produce, one per planted error.
    static let plantedErrors = [
        "broken/syntax.yaml:8:1", "clusters/ocp3.yaml:9:3", "clusters/ocp3.yaml:10:3", "clusters/typo.yaml:7:3",
        "hooks/hooks.yaml:7:3", "hooks/hooks.yaml:19:3", "hooks/hooks.yaml:20:3", "migrations/nostage.yaml:6:1",
        "migrations/run.yaml:8:5", "migrations/run.yaml:11:3", "plans/shop.yaml:9:19", "plans/shop.yaml:12:5",
        "plans/shop.yaml:13:5", "plans/shop.yaml:14:5", "plans/shop.yaml:20:5", "plans/shop.yaml:21:5",
        "plans/shop.yaml:23:17", "plans/shop2.yaml:5:3", "plans/too-many.yaml:10:3", "secrets/token.yaml:7:1",
        "storage/minio.yaml:8:3",
    ]

    @Test("the demo repository is valid: exit 0, no findings")
    func demoIsValid() async throws {
        let result = try await CommandRunner.run(try BuiltProducts.executable("migsync"), ["validate", Self.demo])
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "9 files, 8 objects: 0 errors, 0 warnings\n")
    }

    @Test("planted mistakes: exit 1 and one error line per mistake, at its place")
    func plantedMistakes() async throws {
        let result = try await CommandRunner.run(try BuiltProducts.executable("migsync"), ["validate", Self.planted])
        #expect(result.exitCode == 1)
        let errorLines = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errorLines.count == Self.plantedErrors.count, "\(result.stdout)")
        for location in Self.plantedErrors {
            #expect(errorLines.contains { $0.hasPrefix("\(Self.planted)/\(location): error: ") }, "missing \(location)")
        }
    }

    @Test("paths are printed as given, relative to where the command runs")
    func relativePaths() async throws {
        let result = try await CommandRunner.run(
            try BuiltProducts.executable("migsync"), ["validate", "planted/"],
            workingDirectory: RepositoryRoot.file("Tests/MTCManifestsTests/Fixtures"))
        #expect(result.exitCode == 1)
        #expect(
            result.stdout.contains(
                "\nplanted/plans/shop.yaml:12:5: error: spec.namespaces[1]: source namespace \"Shop_DB\" is not a DNS-1123 label"
            ))
    }

    @Test("--output json reports validity, counts and every finding")
    func json() async throws {
        let result = try await CommandRunner.run(
            try BuiltProducts.executable("migsync"), ["validate", Self.planted, "--output", "json"])
        #expect(result.exitCode == 1)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        #expect(report["errors"] as? Int == Self.plantedErrors.count)
        #expect(report["warnings"] as? Int == 3)
        let findings = try #require(report["findings"] as? [[String: Any]])
        let first = try #require(findings.first)
        #expect(first["file"] as? String == "\(Self.planted)/broken/syntax.yaml")
        #expect(first["line"] as? Int == 8)
        #expect(first["severity"] as? String == "error")
        #expect(first["code"] as? String == "load.syntax")
    }

    @Test(
        "usage and I/O problems exit 2",
        arguments: [
            ["validate", "/nonexistent/repository"],
            ["validate", "--output", "yaml", "."],
            ["validate", "a", "b"],
        ])
    func usageErrors(arguments: [String]) async throws {
        let result = try await CommandRunner.run(try BuiltProducts.executable("migsync"), arguments)
        #expect(result.exitCode == 2, "\(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    // MARK: - Policies

    static let brokenPolicy = RepositoryRoot.file("Tests/MigsyncCLITests/Fixtures/broken-policy")
    static let timeZoneError =
        "policies/window.yaml:11:7: error: unknown time zone \"Europe/Berln\" (use an IANA name such as Europe/Berlin)"

    @Test("a broken policy is an error at its line and column: exit 1")
    func brokenPolicy() async throws {
        let result = try await CommandRunner.run(
            try BuiltProducts.executable("migsync"), ["validate", Self.brokenPolicy])
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stdout == """
                \(Self.brokenPolicy)/\(Self.timeZoneError)
                2 files, 2 objects, 1 policy: 1 error, 0 warnings

                """)
    }

    @Test("--output json carries policy findings with their own code")
    func brokenPolicyJSON() async throws {
        let result = try await CommandRunner.run(
            try BuiltProducts.executable("migsync"), ["validate", Self.brokenPolicy, "--output", "json"])
        #expect(result.exitCode == 1, "\(result)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        #expect(report["errors"] as? Int == 1)
        #expect(report["warnings"] as? Int == 0)
        #expect(report["policies"] as? Int == 1)
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["file"] as? String == "\(Self.brokenPolicy)/policies/window.yaml")
        #expect(findings.first?["line"] as? Int == 11)
        #expect(findings.first?["column"] as? Int == 7)
        #expect(findings.first?["code"] as? String == "policy.invalid")
    }

    @Test("--policies names another folder, relative to the repository, without location warnings")
    func policiesFolderOption() async throws {
        let repository = try TemporaryDirectory(prefix: "migsync-validate")
        for name in ["quiesce.yaml", "window.yaml"] {
            let text = try String(contentsOfFile: "\(Self.brokenPolicy)/policies/\(name)", encoding: .utf8)
            try repository.write(text, to: "rules/\(name)")
        }
        let result = try await CommandRunner.run(
            try BuiltProducts.executable("migsync"), ["validate", ".", "--policies", "rules/"],
            workingDirectory: repository.path)
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stdout == """
                rules/window.yaml:11:7: error: unknown time zone "Europe/Berln" (use an IANA name such as Europe/Berlin)
                2 files, 2 objects, 1 policy: 1 error, 0 warnings

                """)
    }

    @Test("without --policies, the folder is the one migsync.yaml names")
    func policiesFolderFromSettings() async throws {
        let repository = try TemporaryDirectory(prefix: "migsync-validate")
        try repository.write("policies: rules\n", to: "migsync.yaml")
        let text = try String(contentsOfFile: "\(Self.brokenPolicy)/policies/window.yaml", encoding: .utf8)
        try repository.write(text, to: "rules/window.yaml")
        let result = try await CommandRunner.run(
            try BuiltProducts.executable("migsync"), ["validate"], workingDirectory: repository.path)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.hasPrefix("rules/window.yaml:11:7: error: unknown time zone "), "\(result.stdout)")
    }

    @Test("a policy file that is not YAML is reported once, by the manifest loader")
    func unreadablePolicy() async throws {
        let repository = try TemporaryDirectory(prefix: "migsync-validate")
        try repository.write("apiVersion: migsync.io/v1alpha1\nkind: [Policy\n", to: "policies/bad.yaml")
        let result = try await CommandRunner.run(
            try BuiltProducts.executable("migsync"), ["validate", repository.path])
        #expect(result.exitCode == 1, "\(result)")
        let errors = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "\(result.stdout)")
    }

    @Test("the shipped policies validate cleanly next to the demo repository")
    func shippedPolicies() async throws {
        let repository = try TemporaryDirectory(prefix: "migsync-validate")
        let manager = FileManager.default
        for entry in try manager.contentsOfDirectory(atPath: Self.demo) {
            try manager.copyItem(atPath: "\(Self.demo)/\(entry)", toPath: "\(repository.path)/\(entry)")
        }
        let shipped = RepositoryRoot.file("policies")
        let policyFiles = try manager.contentsOfDirectory(atPath: shipped).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(policyFiles.count >= 6)
        try manager.copyItem(atPath: shipped, toPath: "\(repository.path)/policies")
        let result = try await CommandRunner.run(
            try BuiltProducts.executable("migsync"), ["validate", repository.path])
        #expect(result.exitCode == 0, "\(result)")
        #expect(
            result.stdout
                == "\(9 + policyFiles.count) files, \(8 + policyFiles.count) objects, \(policyFiles.count) policies: 0 errors, 0 warnings\n"
        )
    }
}
