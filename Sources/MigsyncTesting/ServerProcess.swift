import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A server a test starts as a child process (git daemon, lighttpd, `migsync emulator serve`)
/// and stops when the value is released.
///
/// Stopped with SIGKILL: the test runner blocks SIGTERM in its children's inherited mask on
/// some platforms, and these servers hold no state a test needs flushed. Started with
/// ``ChildProcess`` rather than Foundation's `Process`, whose `waitUntilExit` can hang on a
/// killed child when tests run in parallel; output goes to a file that ``output`` reads.
public final class ServerProcess: @unchecked Sendable {
    private let pid: pid_t
    private let outputPath: String
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments`; stdout and stderr are collected for `output`.
    public init(
        executable: String,
        arguments: [String],
        environment: [String: String]? = nil,
        workingDirectory: String? = nil
    ) throws {
        outputPath = "\(FileManager.default.temporaryDirectory.path)/server-\(UUID().uuidString).log"
        pid = try ChildProcess.spawn(
            executable, arguments, directory: workingDirectory, environment: environment, outputPath: outputPath,
            errorPath: nil)
    }

    /// Everything the process printed so far.
    public var output: String {
        String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self)
    }

    public var isRunning: Bool {
        lock.withLock {
            if exitStatus != nil { return false }
            exitStatus = ChildProcess.poll(pid)
            return exitStatus == nil
        }
    }

    public var processIdentifier: Int32 { pid }

    /// Waits until the output contains `text`, or fails after `timeout`.
    public func waitForOutput(containing text: String, timeout: Duration = .seconds(120)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = output
            if current.contains(text) { return current }
            if !isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("process did not print \"\(text)\"; output so far:\n\(output)")
    }

    /// Kills the process (SIGKILL) and waits for it to exit.
    public func stop() {
        lock.withLock {
            guard exitStatus == nil else { return }
            kill(pid, SIGKILL)
            exitStatus = ChildProcess.wait(pid)
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: outputPath)
    }
}
