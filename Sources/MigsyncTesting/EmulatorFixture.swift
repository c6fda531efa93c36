public import Foundation
import Logging
public import MTCEmulator

/// An in-process MTC emulator on an ephemeral loopback port, with its state in a temporary
/// directory that is removed when the fixture is released.
///
/// The emulated mig-controller is off by default so a test controls every write to the store;
/// pass `controller: true` for tests of mig-controller behaviour.
public final class EmulatorFixture: Sendable {
    public let directory: TemporaryDirectory
    public let emulator: RunningEmulator
    public let configuration: EmulatorConfiguration

    public var url: URL { emulator.url }
    public var kubeconfigPath: String { emulator.kubeconfigPath }
    public var store: SQLiteObjectStore { emulator.store }
    /// The CA, server and client certificates when started with `tls: true`.
    public var tls: TLSMaterial? { emulator.tls }

    /// Starts an emulator.
    /// - Parameters:
    ///   - tls: serve HTTPS with a generated CA.
    ///   - token: require this bearer token.
    ///   - clientCertificates: with TLS, accept (and require, absent a token) client certificates.
    ///   - controller: run the emulated mig-controller.
    ///   - eventLogLimit: events kept for watches; small values reach `410 Gone` quickly.
    ///   - watch: bookmark interval and watch duration.
    ///   - inventoryPath: inventory YAML for the controller.
    public static func start(
        tls: Bool = false, token: String? = nil, clientCertificates: Bool = false, controller: Bool = false,
        eventLogLimit: Int = 10_000, watch: WatchOptions = WatchOptions(bookmarkInterval: .milliseconds(500)),
        inventoryPath: String? = nil, timeScale: Double = 1
    ) async throws -> EmulatorFixture {
        let directory = try TemporaryDirectory(prefix: "migsync-emulator")
        let configuration = EmulatorConfiguration(
            stateDirectory: directory.path, inventoryPath: inventoryPath, host: "127.0.0.1", port: 0,
            timeScale: timeScale, tls: tls, token: token, clientCertificateAuthentication: clientCertificates,
            eventLogLimit: eventLogLimit, watch: watch, runsController: controller)
        return try await start(configuration, directory: directory)
    }

    private static func start(_ configuration: EmulatorConfiguration, directory: TemporaryDirectory) async throws
        -> EmulatorFixture
    {
        var logger = Logger(label: "migsync.test.emulator")
        logger.logLevel = ProcessInfo.processInfo.environment["MIGSYNC_TEST_LOG"] == nil ? .warning : .debug
        let emulator = try await EmulatorServer.start(configuration, logger: logger)
        return EmulatorFixture(directory: directory, emulator: emulator, configuration: configuration)
    }

    private init(directory: TemporaryDirectory, emulator: RunningEmulator, configuration: EmulatorConfiguration) {
        self.directory = directory
        self.emulator = emulator
        self.configuration = configuration
    }

    /// Stops this emulator and starts a new one on the same state directory and port, as a
    /// restarted `migsync emulator serve` would; clients keep their URL and kubeconfig.
    public func restart() async throws -> EmulatorFixture {
        await stop()
        var configuration = self.configuration
        configuration.port = url.port ?? 0
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                return try await Self.start(configuration, directory: directory)
            } catch  where ContinuousClock.now < deadline {
                // The old listener may take a moment to release the port.
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    public func stop() async {
        await emulator.stop()
    }

    /// A kubeconfig carrying only some credentials, written into the state directory.
    public func writeKubeconfig(credentials: RunningEmulator.KubeconfigCredentials, name: String) throws -> String {
        try directory.write(try emulator.kubeconfig(credentials: credentials), to: name)
    }
}
