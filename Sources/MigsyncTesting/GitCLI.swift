import Foundation

/// Runs the `git` command-line tool the way tests need it: a fixed author and committer, no
/// user or system configuration, `main` as the initial branch.
///
/// Tests build and inspect repositories with the real `git` so that the libgit2 code under test
/// is checked against an independent implementation.
public enum GitCLI {
    /// The `git` binary tests use.
    public static let executable = "/usr/bin/git"

    /// Author and committer of every commit made through ``run(_:in:environment:)``.
    public static let authorName = "Migsync Test"
    public static let authorEmail = "test@migsync.invalid"

    /// The environment every `git` invocation gets: fixed identity and dates, no global or
    /// system config (which could set hooks, signing or `insteadOf` rules), `main` as the
    /// default branch.
    public static var baseEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("GIT_") {
            environment[key] = nil
        }
        environment["GIT_AUTHOR_NAME"] = authorName
        environment["GIT_AUTHOR_EMAIL"] = authorEmail
        environment["GIT_COMMITTER_NAME"] = authorName
        environment["GIT_COMMITTER_EMAIL"] = authorEmail
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        let settings = [
            ("init.defaultBranch", "main"),
            ("protocol.file.allow", "always"),
            ("commit.gpgSign", "false"),
            ("core.excludesFile", "/dev/null"),
            ("advice.detachedHead", "false"),
            ("safe.directory", "*"),
        ]
        environment["GIT_CONFIG_COUNT"] = String(settings.count)
        for (index, (key, value)) in settings.enumerated() {
            environment["GIT_CONFIG_KEY_\(index)"] = key
            environment["GIT_CONFIG_VALUE_\(index)"] = value
        }
        return environment
    }

    /// Runs `git <args>` in `directory` and returns its standard output without the final
    /// newline.
    ///
    /// - Parameter environment: extra variables, added over ``baseEnvironment``.
    /// - Throws: ``TestSetupError`` with the command and its standard error when `git` exits
    ///   with a non-zero status.
    @discardableResult
    public static func run(_ args: [String], in directory: String, environment: [String: String] = [:]) throws
        -> String
    {
        let result = try runAllowingFailure(args, in: directory, environment: environment)
        guard result.status == 0 else {
            throw TestSetupError(
                "git \(args.joined(separator: " ")) in \(directory) exited \(result.status): \(result.standardError)"
            )
        }
        return result.standardOutput
    }

    /// The outcome of one `git` run.
    public typealias Result = Subprocess.Result

    /// Runs `git <args>` and reports its exit status instead of throwing on failure; for tests
    /// that expect `git` itself to be refused (a rejected push, an unknown host key).
    public static func runAllowingFailure(_ args: [String], in directory: String, environment: [String: String] = [:])
        throws -> Result
    {
        try Subprocess.run(
            executable, args, in: directory, environment: baseEnvironment.merging(environment) { _, new in new })
    }
}

extension GitCLI {
    /// How many objects a repository holds (loose plus packed), from `git count-objects -v`;
    /// tests use it to prove an operation transferred nothing.
    public static func objectCount(in repository: String) throws -> Int {
        let output = try run(["count-objects", "-v"], in: repository)
        var total = 0
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "count" || parts[0] == "in-pack" { total += Int(parts[1]) ?? 0 }
        }
        return total
    }
}
