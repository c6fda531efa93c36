import Foundation

/// A real `git daemon` serving every repository under a folder on `git://127.0.0.1:<port>/`,
/// with push (`receive-pack`) enabled. Stopped (SIGKILL) when released or on ``stop()``.
public final class GitDaemon: Sendable {
    /// The folder whose repositories are served; `url(for: "x.git")` serves `<basePath>/x.git`.
    public let basePath: String
    public let port: Int
    private let process: ServerProcess

    /// The `git-daemon` program itself: started directly, not through the `git` wrapper,
    /// because the wrapper runs it as a child that would outlive a SIGKILL of the wrapper.
    public static let executable = "/usr/lib/git-core/git-daemon"

    private init(basePath: String, port: Int, process: ServerProcess) {
        self.basePath = basePath
        self.port = port
        self.process = process
    }

    /// Starts the daemon on a free loopback port and waits until it accepts connections.
    public static func start(basePath: String) async throws -> GitDaemon {
        let (port, process) = try LoopbackPort.startServer("git daemon") { port in
            try ServerProcess(
                executable: executable,
                arguments: [
                    "--reuseaddr", "--verbose", "--export-all", "--enable=receive-pack", "--informative-errors",
                    "--base-path=\(basePath)", "--listen=127.0.0.1", "--port=\(port)", basePath,
                ],
                environment: GitCLI.baseEnvironment
            )
        }
        return GitDaemon(basePath: basePath, port: port, process: process)
    }

    /// `git://127.0.0.1:<port>/<name>`, where `name` is the repository's folder under
    /// ``basePath`` (e.g. `"source.git"`).
    public func url(for name: String) -> String { "git://127.0.0.1:\(port)/\(name)" }

    /// What the daemon printed (connection and error lines).
    public var output: String { process.output }

    /// How many `upload-pack` sessions (listings and fetches) the daemon has served so far.
    public var uploadPackSessions: Int {
        output.split(separator: "\n").filter { $0.contains("Request upload-pack") }.count
    }

    public func stop() { process.stop() }
}
