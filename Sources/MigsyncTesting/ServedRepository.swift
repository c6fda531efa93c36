import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A bare repository that servers (``GitDaemon``, ``SmartHTTPServer``, `file://`) expose, plus a
/// working clone of it that tests use to make and push commits the way a person would.
public final class ServedRepository: Sendable {
    /// The folder name under the served base path, e.g. `"source.git"`.
    public let name: String
    /// The bare repository.
    public let barePath: String
    /// The working clone that ``commit(files:message:)`` writes to.
    public let workPath: String
    /// The branch commits go to.
    public let branch: String

    /// Creates `<basePath>/<name>` (bare) and a working clone next to it, with one initial
    /// commit on `branch` holding `README.md`.
    public init(name: String = "source.git", basePath: String, branch: String = "main") throws {
        self.name = name
        self.branch = branch
        barePath = "\(basePath)/\(name)"
        workPath = "\(basePath)/\(name).work"
        try FileManager.default.createDirectory(atPath: barePath, withIntermediateDirectories: true)
        try GitCLI.run(["init", "--bare", "--initial-branch=\(branch)", barePath], in: basePath)
        // Smart HTTP refuses anonymous pushes unless the repository allows them.
        try GitCLI.run(["config", "http.receivepack", "true"], in: barePath)
        try GitCLI.run(["clone", "--quiet", barePath, workPath], in: basePath)
        try GitCLI.run(["checkout", "--quiet", "-B", branch], in: workPath)
        try write(["README.md": "served repository \(name)\n"])
        try GitCLI.run(["add", "-A"], in: workPath)
        try GitCLI.run(["commit", "--quiet", "-m", "Initial commit"], in: workPath)
        try GitCLI.run(["push", "--quiet", "origin", "HEAD:refs/heads/\(branch)"], in: workPath)
    }

    /// `file://` URL of the bare repository.
    public var fileURL: String { "file://\(barePath)" }

    /// Writes `files` (path → contents; `nil` deletes) in the working clone and commits them on
    /// ``branch`` without pushing.
    ///
    /// - Returns: the new commit's hex id.
    @discardableResult
    public func commit(files: [String: String?], message: String) throws -> String {
        try write(files)
        try GitCLI.run(["add", "-A"], in: workPath)
        try GitCLI.run(["commit", "--quiet", "--allow-empty", "-m", message], in: workPath)
        return try head()
    }

    /// Pushes ``branch`` from the working clone to the bare repository.
    public func push() throws {
        try GitCLI.run(["push", "--quiet", "origin", "HEAD:refs/heads/\(branch)"], in: workPath)
    }

    /// ``commit(files:message:)`` followed by ``push()``.
    @discardableResult
    public func commitAndPush(files: [String: String?], message: String) throws -> String {
        let sha = try commit(files: files, message: message)
        try push()
        return sha
    }

    /// The working clone's `HEAD` commit.
    public func head() throws -> String {
        try GitCLI.run(["rev-parse", "HEAD"], in: workPath)
    }

    /// The bare repository's tip of `ref` (default: ``branch``), or `nil` if it does not exist.
    public func served(_ ref: String? = nil) throws -> String? {
        let name = ref ?? "refs/heads/\(branch)"
        let result = try GitCLI.runAllowingFailure(["rev-parse", "--verify", "--quiet", name], in: barePath)
        return result.status == 0 ? result.standardOutput : nil
    }

    /// Installs an executable server-side hook (`pre-receive`, `update`, …) in the bare
    /// repository; it runs for pushes over `git://` and HTTP (libgit2's `file://` transport
    /// writes in-process and skips hooks).
    ///
    /// The file is written through a descriptor closed on exec. Tests run in parallel and
    /// start servers all the time: a server forked while an ordinary descriptor is open
    /// keeps the script open for writing for its whole life, and every run of the hook
    /// then fails with "Text file busy", which Git reports as the hook declining.
    public func installHook(_ hook: String, script: String) throws {
        let hooks = "\(barePath)/hooks"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        let path = "\(hooks)/\(hook)"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw TestSetupError("cannot create hook \(path): errno \(errno)") }
        defer { close(descriptor) }
        try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).write(contentsOf: Data(script.utf8))
        guard fchmod(descriptor, 0o755) == 0 else { throw TestSetupError("cannot make hook \(path) executable") }
    }

    private func write(_ files: [String: String?]) throws {
        for (relative, contents) in files {
            let full = "\(workPath)/\(relative)"
            if let contents {
                let parent = (full as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
            } else if FileManager.default.fileExists(atPath: full) {
                try FileManager.default.removeItem(atPath: full)
            }
        }
    }
}
