import Foundation

/// A server a test starts as a child process (git daemon, lighttpd, `migsync emulator serve`)
/// and stops when the value is released.
///
/// Stopped with SIGKILL: the test runner blocks SIGTERM in its children's inherited mask on
/// some platforms, and these servers hold no state a test needs flushed.
public final class ServerProcess: @unchecked Sendable {
    private let process: Process
    private let outputPipe = Pipe()
    private let lock = NSLock()
    private var collected = Data()

    /// Starts `executable` with `arguments`; stdout and stderr are collected for `output`.
    public init(executable: String, arguments: [String], environment: [String: String]? = nil,
                workingDirectory: String? = nil) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.standardOutput = outputPipe
        process.standardError = outputPipe
        process.standardInput = FileHandle.nullDevice
        outputPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self, !chunk.isEmpty else { return }
            self.lock.withLock { self.collected.append(chunk) }
        }
        try process.run()
    }

    /// Everything the process printed so far.
    public var output: String {
        lock.withLock { String(decoding: collected, as: UTF8.self) }
    }

    public var isRunning: Bool { process.isRunning }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Waits until the output contains `text`, or fails after `timeout`.
    public func waitForOutput(containing text: String, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = output
            if current.contains(text) { return current }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("process did not print \"\(text)\"; output so far:\n\(output)")
    }

    /// Kills the process (SIGKILL) and waits for it to exit.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        outputPipe.fileHandleForReading.readabilityHandler = nil
    }

    deinit { stop() }
}
