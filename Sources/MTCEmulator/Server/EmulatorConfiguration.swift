/// How to run an emulator: where it keeps state, where it listens, and how clients prove who
/// they are.
public struct EmulatorConfiguration: Sendable {
    /// Holds `emulator.sqlite3`, `kubeconfig` and, with TLS, the `tls/` certificates; a later
    /// emulator started on the same directory resumes with everything in it.
    public var stateDirectory: String
    /// The inventory YAML of emulated clusters; nil uses the built-in default.
    public var inventoryPath: String?
    public var host: String
    /// 0 asks the kernel for a free port; `RunningEmulator.url` reports the one chosen.
    public var port: Int
    /// Speeds up (>1) or slows down emulated migrations.
    public var timeScale: Double
    /// Serve HTTPS with a CA and serving certificate generated into `stateDirectory/tls`.
    public var tls: Bool
    /// A bearer token every API request must carry (health and version checks excepted).
    public var token: String?
    /// With TLS, accept client certificates signed by the emulator's CA as credentials.
    /// When on (and with no token) requests without a client certificate get 401.
    public var clientCertificateAuthentication: Bool
    /// Events kept for watches; older resource versions get `410 Gone`.
    public var eventLogLimit: Int
    public var watch: WatchOptions
    /// Run the emulated mig-controller beside the API; tests of the API alone turn it off.
    public var runsController: Bool

    public init(
        stateDirectory: String, inventoryPath: String? = nil, host: String = "127.0.0.1", port: Int = 0,
        timeScale: Double = 1, tls: Bool = false, token: String? = nil, clientCertificateAuthentication: Bool = false,
        eventLogLimit: Int = 10_000, watch: WatchOptions = WatchOptions(), runsController: Bool = true
    ) {
        self.stateDirectory = stateDirectory
        self.inventoryPath = inventoryPath
        self.host = host
        self.port = port
        self.timeScale = timeScale
        self.tls = tls
        self.token = token
        self.clientCertificateAuthentication = clientCertificateAuthentication
        self.eventLogLimit = eventLogLimit
        self.watch = watch
        self.runsController = runsController
    }

    /// The store file inside the state directory.
    public var storePath: String { "\(stateDirectory)/emulator.sqlite3" }
    public var kubeconfigPath: String { "\(stateDirectory)/kubeconfig" }
    public var tlsDirectory: String { "\(stateDirectory)/tls" }
}

/// Errors starting or configuring the emulator.
public struct EmulatorError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
