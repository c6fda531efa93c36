import ArgumentParser
import Foundation
import Logging
import MigsyncGit
import MigsyncReconciler

extension StatusMode: ExpressibleByArgument {}

/// How logs are written.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// The flags every reconciling command shares: the repository, the target cluster, status
/// and prune. Git credentials come from `MIGSYNC_GIT_*` environment variables, never flags,
/// so they stay out of shell history and process listings.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Repository URL (git://, https://, ssh://, file://) or local path.")
    var repo: String

    @Option(name: .long, help: "Branch to track.")
    var branch: String = "main"

    @Option(name: .long, help: "Folder inside the repository holding the manifests (default: the root).")
    var path: String = ""

    @Option(name: .long, help: "Kubeconfig file (else $KUBECONFIG, ~/.kube/config, in-cluster, the embedded emulator).")
    var kubeconfig: String?

    @Option(name: .long, help: "Kubeconfig context (default: its current context).")
    var context: String?

    @Option(
        name: .customLong("emulator-state"),
        help: "State folder of the embedded emulator, used when no kubeconfig is found.")
    var emulatorState: String = ".migsync/emulator"

    @Option(name: .long, help: "Inventory YAML of the clusters the embedded emulator pretends to manage.")
    var inventory: String?

    @Option(name: .customLong("time-scale"), help: "Speed factor of the embedded emulator's migrations.")
    var timeScale: Double = 1

    @Option(name: .long, help: "Where status goes: notes (refs/notes/migsync), commit (branch migsync/status), none.")
    var status: StatusMode = .notes

    @Flag(name: .long, help: "Delete objects migsync created that Git no longer declares (plans are closed first).")
    var prune = false

    @Option(name: .customLong("state-dir"), help: "Folder for the local mirror of the repository.")
    var stateDirectory: String = ".migsync"

    @Option(
        name: .customLong("allowed-signers"),
        help: "Git allowed-signers file of the keys whose signed approvals count (never read from the repository).")
    var allowedSigners: String?

    @Option(name: .customLong("policies"), help: "Folder of the tracked branch holding Policy files.")
    var policies: String = "policies"

    @Option(name: .customLong("log-format"), help: "Log format: text or json.")
    var logFormat: LogFormat = .text

    /// The environment variable that lowers or raises the log level (`debug` adds one line
    /// per Kubernetes request); `info` when unset or not a level name.
    static let logLevelVariable = "MIGSYNC_LOG_LEVEL"

    func makeLogger(environment: [String: String] = ProcessInfo.processInfo.environment) -> Logger {
        let format = logFormat
        var logger = Logger(label: "migsync") { label in LineLogHandler(label: label, json: format == .json) }
        logger.logLevel =
            environment[Self.logLevelVariable].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        return logger
    }

    func reconcilerOptions() throws -> ReconcilerOptions {
        let credentials = try GitCredentials.fromEnvironment()
        try GitTLS.configureFromEnvironment()
        let options = ReconcilerOptions(
            repository: repo, branch: branch, path: path, credentials: credentials, statusMode: status, prune: prune,
            mirrorPath: "")
        // One mirror per repository and branch, named by a digest of the URL (no credentials on disk).
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in options.url.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        var result = options
        result.allowedSignersPath = allowedSigners.map { ($0 as NSString).standardizingPath }
        result.policiesPath = policies
        result.mirrorPath = "\((stateDirectory as NSString).standardizingPath)/mirror-\(String(hash, radix: 16)).git"
        return result
    }

    func target(logger: Logger) async throws -> ClusterTarget {
        try await ClusterTarget.resolve(
            kubeconfig: kubeconfig, context: context, environment: ProcessInfo.processInfo.environment,
            emulatorState: emulatorState, inventory: inventory, timeScale: timeScale, logger: logger)
    }

    /// Resolves the target, opens the reconciler, runs `body` and stops the target (an
    /// embedded emulator) whatever happened. A failure is printed as `migsync <command>:
    /// <error>` on standard error and ends the command with `failureCode`.
    func withReconciler<T>(
        command: String, failureCode: Int32, _ body: (Reconciler) async throws -> T
    ) async throws -> T {
        let logger = makeLogger()
        let target: ClusterTarget
        do {
            target = try await self.target(logger: logger)
        } catch {
            FileHandle.standardError.write(Data("migsync \(command): \(error)\n".utf8))
            throw ExitCode(failureCode)
        }
        let result: Result<T, any Error>
        do {
            let reconciler = try Reconciler(options: try reconcilerOptions(), cluster: target.client, logger: logger)
            result = .success(try await body(reconciler))
        } catch {
            result = .failure(error)
        }
        await target.stop()
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            FileHandle.standardError.write(Data("migsync \(command): \(error)\n".utf8))
            throw ExitCode(failureCode)
        }
    }
}

/// A pass whose steps failed, as one error for ``CommonOptions/withReconciler(command:failureCode:_:)``.
struct PassStepsFailed: Error, CustomStringConvertible {
    let description: String

    /// Throws when `report` has step errors.
    static func check(_ report: PassReport) throws {
        if !report.stepErrors.isEmpty { throw PassStepsFailed(description: report.stepErrors.joined(separator: "; ")) }
    }
}
