import Foundation

/// Runs a command to completion and captures what it printed, for tests of command-line tools
/// (kubectl, curl, `migsync` itself).
public enum CommandRunner {
    /// What one run printed and how it exited.
    public struct Output: Sendable, CustomStringConvertible {
        public var stdout: String
        public var stderr: String
        public var exitCode: Int32

        public var description: String { "exit \(exitCode)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    /// Runs `executable` with `arguments`, feeding `input` on stdin; the process is killed
    /// (SIGKILL) if it outlives `timeout`.
    public static func run(
        _ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil,
        workingDirectory: String? = nil, timeout: Duration = .seconds(60)
    ) async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let pid = process.processIdentifier
        let timer = Task {
            try await Task.sleep(for: timeout)
            kill(pid, SIGKILL)
        }
        defer { timer.cancel() }
        async let out = readToEnd(stdout.fileHandleForReading)
        async let err = readToEnd(stderr.fileHandleForReading)
        let (outData, errData) = await (out, err)
        let status = await waitForExit(process)
        return Output(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            exitCode: status)
    }

    /// Reads a pipe to its end on a thread of its own, so both pipes drain at once and a chatty
    /// child never blocks on a full pipe.
    ///
    /// Not on Dispatch's global queue: on Linux its pool is about as wide as the CPU count and
    /// grows slowly, so a few blocked reads from parallel tests stall every other user of it.
    static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: handle.readDataToEndOfFile()) }.start()
        }
    }

    static func waitForExit(_ process: Process) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }.start()
        }
    }
}
