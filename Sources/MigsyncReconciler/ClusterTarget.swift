import Foundation
import KubernetesClient
import Logging
import MTCEmulator

/// The cluster a command talks to: the one a kubeconfig names, or the embedded emulator.
public final class ClusterTarget: Sendable {
    public let client: KubernetesClient
    /// The emulator started because no kubeconfig was found; stop it when done.
    public let emulator: RunningEmulator?
    /// `kubeconfig <path>` or `embedded emulator at <url>`, for logs.
    public let description: String

    init(client: KubernetesClient, emulator: RunningEmulator?, description: String) {
        self.client = client
        self.emulator = emulator
        self.description = description
    }

    /// `--kubeconfig`/`--context`, `$KUBECONFIG`, `~/.kube/config`, in-cluster; with none of
    /// them, the embedded emulator on an ephemeral loopback port with its state in
    /// `emulatorState`, announced by one log line.
    public static func resolve(
        kubeconfig: String?, context: String?, environment: [String: String], emulatorState: String,
        inventory: String?, timeScale: Double = 1, logger: Logger
    ) async throws -> ClusterTarget {
        if let config = try KubeConfig.resolve(explicitPath: kubeconfig, context: context, environment: environment) {
            return ClusterTarget(
                client: KubernetesClient(config: config, logger: logger), emulator: nil,
                description: "kubeconfig \(kubeconfig ?? environment["KUBECONFIG"] ?? "~/.kube/config")")
        }
        let state = (emulatorState as NSString).standardizingPath
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let configuration = EmulatorConfiguration(
            stateDirectory: state, inventoryPath: inventory, host: "127.0.0.1", port: 0, timeScale: timeScale)
        var quiet = logger
        quiet.logLevel = .warning
        let emulator = try await EmulatorServer.start(configuration, logger: quiet)
        logger.info(
            "no kubeconfig found; using the embedded MTC emulator",
            metadata: ["url": "\(emulator.url.absoluteString)", "state": "\(state)"])
        let config = try KubeConfig.load(path: emulator.kubeconfigPath)
        return ClusterTarget(
            client: KubernetesClient(config: config, logger: logger), emulator: emulator,
            description: "embedded emulator at \(emulator.url.absoluteString)")
    }

    public func stop() async {
        await emulator?.stop()
    }
}
