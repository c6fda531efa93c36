public import Foundation
import Logging

/// An emulator started by `EmulatorServer.start`: where it listens, its kubeconfig and store.
public final class RunningEmulator: Sendable {
    public let url: URL
    /// `<stateDir>/kubeconfig`, pointing at `url` with the CA and credentials clients need.
    public let kubeconfigPath: String
    public let store: SQLiteObjectStore
    /// The CA, serving and client certificates when TLS is on.
    public let tls: TLSMaterial?
    private let token: String?
    private let serverTask: Task<Void, Never>
    private let shutdown: @Sendable () async -> Void
    private let controllerTask = Locked<Task<Void, Never>?>(nil)
    private let logger: Logger

    init(
        url: URL, kubeconfigPath: String, store: SQLiteObjectStore, tls: TLSMaterial?, token: String?,
        serverTask: Task<Void, Never>, shutdown: @escaping @Sendable () async -> Void, logger: Logger
    ) {
        self.url = url
        self.kubeconfigPath = kubeconfigPath
        self.store = store
        self.tls = tls
        self.token = token
        self.serverTask = serverTask
        self.shutdown = shutdown
        self.logger = logger
    }

    func setControllerTask(_ task: Task<Void, Never>) {
        controllerTask.withLock { $0 = task }
    }

    /// Which credentials a kubeconfig should carry.
    public enum KubeconfigCredentials: Sendable {
        /// The token if one is configured, and the client certificate when TLS is on.
        case all
        case token
        case clientCertificate
        case none
    }

    /// A kubeconfig for this emulator; tests use it to connect with one kind of credential.
    public func kubeconfig(credentials: KubeconfigCredentials = .all) throws -> String {
        let ca = try tls.map { try Data(contentsOf: URL(fileURLWithPath: $0.caCertificatePath)) }
        var entry = EmulatorKubeconfig.Credentials()
        if credentials == .all || credentials == .token { entry.token = token }
        if credentials == .all || credentials == .clientCertificate, let tls {
            entry.clientCertificatePEM = try Data(contentsOf: URL(fileURLWithPath: tls.clientCertificatePath))
            entry.clientKeyPEM = try Data(contentsOf: URL(fileURLWithPath: tls.clientKeyPath))
        }
        return EmulatorKubeconfig.render(server: url.absoluteString, caCertificatePEM: ca, credentials: entry)
    }

    /// Stops the controller and the server; open watches end first so the server can close.
    ///
    /// Connections finish their requests for up to 5 s, then are cancelled. A connection that
    /// ignores that (a client stuck mid-handshake on a starved machine) is left behind after
    /// `serverStopLimit` rather than holding up the caller's own shutdown.
    public func stop() async {
        let controller = controllerTask.withLock { $0 }
        controller?.cancel()
        store.closeWatchers()
        await shutdown()
        let stopped = OneShot<Bool>()
        let server = serverTask
        Task {
            await server.value
            stopped.succeed(true)
        }
        let timer = Task {
            try? await Task.sleep(for: Self.serverStopLimit)
            stopped.succeed(false)
        }
        if (try? await stopped.value()) != true {
            logger.warning(
                "emulator server did not stop in time; leaving it behind",
                metadata: ["emulator.url": "\(url)", "limit": "\(Self.serverStopLimit)"])
        }
        timer.cancel()
        await controller?.value
    }

    /// How long `stop()` waits for the server: its 5 s of graceful shutdown, then cancellation.
    static let serverStopLimit = Duration.seconds(10)
}
