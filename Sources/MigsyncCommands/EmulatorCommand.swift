import ArgumentParser
import Dispatch
import Foundation
import Logging
import MTCEmulator

/// `migsync emulator`: the embedded MTC emulator.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator", abstract: "Run the embedded MTC emulator.",
        subcommands: [EmulatorServeCommand.self])
}

/// `migsync emulator serve`: serves the MTC API over the store in `--state` until SIGINT or
/// SIGTERM, with the emulated mig-controller running beside it.
struct EmulatorServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve a Kubernetes-style MTC API backed by SQLite.",
        discussion: """
            Writes <state>/kubeconfig for the URL it listens on (with the CA and credentials when \
            --tls or --token are given), so `kubectl --kubeconfig <state>/kubeconfig get migplans` works. \
            A later run on the same --state resumes every object and in-flight migration.
            """)

    @Option(name: .long, help: "Directory for the store, kubeconfig and certificates.")
    var state: String

    @Option(name: .long, help: "Inventory YAML describing the emulated clusters.")
    var inventory: String?

    @Option(name: .long, help: "HOST:PORT to listen on; port 0 picks a free one.")
    var listen: String = "127.0.0.1:0"

    @Option(name: .customLong("time-scale"), help: "Speed factor for emulated migrations (2 = twice as fast).")
    var timeScale: Double = 1

    @Flag(name: .long, help: "Serve HTTPS with a generated CA; client certificates signed by it are accepted.")
    var tls = false

    @Option(name: .long, help: "Bearer token clients must send.")
    var token: String?

    @Flag(name: .customLong("no-controller"), help: "Serve the API only, without the emulated mig-controller.")
    var noController = false

    func validate() throws {
        _ = try Self.parseListen(listen)
        guard timeScale > 0 else { throw ValidationError("--time-scale must be greater than 0") }
        if let token, token.isEmpty { throw ValidationError("--token must not be empty") }
    }

    func run() async throws {
        let (host, port) = try Self.parseListen(listen)
        var logger = Logger(label: "migsync.emulator")
        logger.logLevel = .info
        let signals = ShutdownSignals()
        let configuration = EmulatorConfiguration(
            stateDirectory: (state as NSString).standardizingPath, inventoryPath: inventory, host: host, port: port,
            timeScale: timeScale, tls: tls, token: token, clientCertificateAuthentication: tls,
            runsController: !noController)
        let emulator = try await EmulatorServer.start(configuration, logger: logger)
        // Written unbuffered: scripts and tests wait for this line through a pipe.
        FileHandle.standardOutput.write(
            Data(
                "migsync emulator listening on \(emulator.url.absoluteString)\nkubeconfig: \(emulator.kubeconfigPath)\n"
                    .utf8))
        let received = await signals.wait()
        logger.info("stopping", metadata: ["signal": "\(received)"])
        await emulator.stop()
    }

    static func parseListen(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8443")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}

/// Waits for SIGINT or SIGTERM. The signals are ignored by default handling from creation on,
/// so the process exits through the normal shutdown path instead of being killed mid-write.
final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    init() {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield(signalNumber) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// The first signal received.
    func wait() async -> Int32 {
        for await signalNumber in stream { return signalNumber }
        return SIGTERM
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
