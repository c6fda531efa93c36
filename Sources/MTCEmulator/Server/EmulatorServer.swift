import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KubeObjects
public import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// Starts the MTC emulator in-process: the Kubernetes-style API server over the SQLite store,
/// and the emulated mig-controller beside it.
public enum EmulatorServer {
    /// Namespaces every emulator has: where MTC resources live, where the UI keeps secrets,
    /// and the default one.
    static let initialNamespaces = ["openshift-migration", "openshift-config", "default"]

    /// Opens the store, listens, writes the kubeconfig and starts the controller.
    /// - Returns: once the server accepts connections.
    /// - Throws: `EmulatorError` when the port cannot be bound or TLS material cannot be made.
    public static func start(_ configuration: EmulatorConfiguration, logger: Logger) async throws -> RunningEmulator {
        try FileManager.default.createDirectory(atPath: configuration.stateDirectory, withIntermediateDirectories: true)
        let store = try SQLiteObjectStore(path: configuration.storePath, eventLogLimit: configuration.eventLogLimit)
        try bootstrap(store)
        let inventory = try configuration.inventoryPath.map { try Inventory.load(path: $0) } ?? .default

        let tls: TLSMaterial? =
            if configuration.tls {
                try await BlockingWork.run {
                    try TLSMaterial.ensure(in: configuration.tlsDirectory, hosts: [configuration.host])
                }
            } else {
                nil
            }
        let server: HTTPServerBuilder
        if let tls {
            server = try .tls(
                .http1(),
                tlsConfiguration: tlsConfiguration(
                    tls, clientCertificates: configuration.clientCertificateAuthentication))
        } else {
            server = .http1()
        }

        let authenticator = Authenticator(
            token: configuration.token,
            acceptsClientCertificates: tls != nil && configuration.clientCertificateAuthentication)
        let displayHost = displayHost(configuration.host)
        let responder = KubeAPIResponder(
            store: store, authenticator: authenticator, serverAddress: "\(displayHost):\(configuration.port)",
            watchOptions: configuration.watch, logger: logger)

        let ready = OneShot<Int>()
        let application = Application(
            responder: responder, server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "migsync-emulator"),
            onServerRunning: { channel in ready.succeed(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
        // Run in our own group so `stop()` can shut down gracefully: in-flight requests finish
        // and idle connections close, instead of connections being cancelled mid-response.
        var groupConfiguration = ServiceGroupConfiguration(services: [application], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(5)
        // No cancellation limit: past it ServiceLifecycle ends the whole process, and this group
        // runs inside the daemon or a test run. `RunningEmulator.stop()` bounds its wait instead.
        groupConfiguration.maximumCancellationDuration = nil
        let group = ServiceGroup(configuration: groupConfiguration)
        let serverTask = Task {
            do {
                try await group.run()
                ready.fail(EmulatorError("the emulator's server stopped before it was listening"))
            } catch {
                ready.fail(
                    EmulatorError(
                        "the emulator could not listen on \(configuration.host):\(configuration.port): \(error)"))
            }
        }
        let port: Int
        do {
            port = try await ready.value()
        } catch {
            serverTask.cancel()
            throw error
        }

        guard let url = URL(string: "\(tls == nil ? "http" : "https")://\(displayHost):\(port)") else {
            serverTask.cancel()
            throw EmulatorError("cannot form a URL from host \(configuration.host)")
        }
        let running = RunningEmulator(
            url: url, kubeconfigPath: configuration.kubeconfigPath, store: store, tls: tls, token: configuration.token,
            serverTask: serverTask, shutdown: { await group.triggerGracefulShutdown() }, logger: logger)
        try EmulatorKubeconfig.write(running.kubeconfig(), to: configuration.kubeconfigPath)

        if configuration.runsController {
            let controller = MigController(
                store: store, inventory: inventory, timeScale: configuration.timeScale, logger: logger)
            running.setControllerTask(Task { await controller.run() })
        }
        logger.info(
            "emulator listening",
            metadata: ["emulator.url": "\(url)", "emulator.state": "\(configuration.stateDirectory)"])
        return running
    }

    /// Creates the namespaces a fresh emulator starts with; existing ones are left alone.
    static func bootstrap(_ store: SQLiteObjectStore) throws {
        for name in initialNamespaces where store.getStored(.namespace, namespace: nil, name: name) == nil {
            var namespace = KubeObject(apiVersion: "v1", kind: "Namespace", namespace: nil, name: name)
            namespace.status = ["phase": "Active"]
            try store.create(namespace, as: .namespace, dryRun: false)
        }
    }

    private static func tlsConfiguration(_ material: TLSMaterial, clientCertificates: Bool) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(material.serverCertificatePath).map {
                .certificate($0)
            },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: material.serverKeyPath, format: .pem)))
        if clientCertificates {
            // Optional: token clients connect without a certificate; a presented certificate
            // must chain to the emulator's CA or the handshake fails.
            configuration.certificateVerification = .optionalVerification
            configuration.trustRoots = .file(material.caCertificatePath)
        }
        return configuration
    }

    /// The host for URLs: a wildcard listen address is reached through loopback.
    private static func displayHost(_ host: String) -> String {
        switch host {
        case "0.0.0.0", "": return "127.0.0.1"
        case "::": return "[::1]"
        default: return host.contains(":") ? "[\(host)]" : host
        }
    }
}

/// A value delivered once from a callback to one waiter (the server's bound port).
final class OneShot<Value: Sendable>: Sendable {
    private let state = Locked<(result: Result<Value, any Error>?, waiter: CheckedContinuation<Value, any Error>?)>(
        (nil, nil))

    func succeed(_ value: Value) { complete(.success(value)) }
    func fail(_ error: any Error) { complete(.failure(error)) }

    private func complete(_ result: Result<Value, any Error>) {
        let waiter: CheckedContinuation<Value, any Error>? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Value, any Error>? = state.withLock { state in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
