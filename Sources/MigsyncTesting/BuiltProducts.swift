import Foundation

/// The executables SwiftPM built alongside the test bundle (`migsync`, `migsync-bench`), for
/// tests that run the real command line.
public enum BuiltProducts {
    /// The path of executable `name`. Looks in `$MIGSYNC_BUILD_DIR`, beside the running test
    /// binary, then in `.build/debug` of this checkout.
    public static func executable(_ name: String) throws -> String {
        var candidates: [String] = []
        if let directory = ProcessInfo.processInfo.environment["MIGSYNC_BUILD_DIR"] {
            candidates.append(directory)
        }
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().path)
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().path)
        candidates.append(RepositoryRoot.file(".build/debug"))
        for directory in candidates {
            let path = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw TestSetupError(
            "no built \(name) in \(candidates.joined(separator: ", ")); run `swift build --build-tests` first")
    }
}

/// The outcome of running a command to completion.
public struct CommandResult: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

/// Runs short-lived commands (the `migsync` CLI, `git`) and collects their output.
public enum CommandRunner {
    /// Runs `executable` with `arguments` and waits for it to exit.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        workingDirectory: String? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain both pipes before waiting, so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        let collected = CollectedOutput()
        for (pipe, isError) in [(output, false), (error, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isError: isError)
                group.leave()
            }
        }
        group.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, standardOutput: String(decoding: collected.output, as: UTF8.self),
            standardError: String(decoding: collected.error, as: UTF8.self))
    }
}

private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var outputData = Data()
    private var errorData = Data()

    func set(_ data: Data, isError: Bool) {
        lock.withLock {
            if isError { errorData = data } else { outputData = data }
        }
    }

    var output: Data { lock.withLock { outputData } }
    var error: Data { lock.withLock { errorData } }
}
