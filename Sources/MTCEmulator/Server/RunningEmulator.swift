public import Foundation

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

    init(
        url: URL, kubeconfigPath: String, store: SQLiteObjectStore, tls: TLSMaterial?, token: String?,
        serverTask: Task<Void, Never>, shutdown: @escaping @Sendable () async -> Void
    ) {
        self.url = url
        self.kubeconfigPath = kubeconfigPath
        self.store = store
        self.tls = tls
        self.token = token
        self.serverTask = serverTask
        self.shutdown = shutdown
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
    public func stop() async {
        let controller = controllerTask.withLock { $0 }
        controller?.cancel()
        store.closeWatchers()
        await shutdown()
        await serverTask.value
        await controller?.value
    }
}
