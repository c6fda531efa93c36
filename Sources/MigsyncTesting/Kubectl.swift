import Foundation

/// Runs Debian's kubectl against a kubeconfig, for tests that check the emulator the way a user
/// would see it.
public struct Kubectl: Sendable {
    /// Where Debian's `kubernetes-client` package is unpacked by `scripts/install-deps.sh`.
    public static let path = "/opt/kubernetes-client/usr/bin/kubectl"

    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// The reason a kubectl test is skipped, for `.enabled(if:_:)`.
    public static let missingReason =
        "kubectl not found at /opt/kubernetes-client/usr/bin/kubectl; run scripts/install-deps.sh as root"

    public let kubeconfigPath: String
    /// kubectl's discovery cache, kept per fixture so no test sees another emulator's.
    public let cacheDirectory: String

    public init(kubeconfigPath: String, cacheDirectory: String) {
        self.kubeconfigPath = kubeconfigPath
        self.cacheDirectory = cacheDirectory
    }

    /// Runs `kubectl <arguments>` to completion, feeding `input` on stdin.
    ///
    /// kubectl gives a TLS handshake a fixed 10 s, which a parallel test run on two cores can
    /// exceed before the emulator gets to answer. The request was never sent then, so it is run
    /// again, as a user would; any other failure is returned as it is.
    public func run(_ arguments: [String], input: String? = nil, timeout: Duration = .seconds(60)) async throws
        -> CommandRunner.Output
    {
        var attempt = 1
        while true {
            let output = try await CommandRunner.run(
                Self.path, commonArguments + arguments, input: input, timeout: timeout)
            guard output.exitCode != 0, output.stderr.contains("TLS handshake timeout"), attempt < 3 else {
                return output
            }
            attempt += 1
        }
    }

    /// Starts a long-running kubectl (e.g. `get --watch`); read its output with
    /// `ServerProcess.waitForOutput`, and it is killed when released.
    public func start(_ arguments: [String]) throws -> ServerProcess {
        try ServerProcess(executable: Self.path, arguments: commonArguments + arguments)
    }

    private var commonArguments: [String] {
        ["--kubeconfig", kubeconfigPath, "--cache-dir", cacheDirectory, "--request-timeout", "30s"]
    }
}
