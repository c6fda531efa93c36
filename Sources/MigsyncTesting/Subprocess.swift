import Foundation

/// Runs a helper program to completion (ssh-keygen, git, sh) and captures what it printed.
public enum Subprocess {
    /// The outcome of one run.
    public struct Result: Sendable {
        public let status: Int32
        /// Standard output without its final newline.
        public let standardOutput: String
        public let standardError: String
    }

    /// Runs `executable` with `arguments` and reports its exit status.
    ///
    /// - Parameters:
    ///   - directory: the working directory; the current one when `nil`.
    ///   - environment: the complete environment; the test process's own when `nil`.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: String? = nil,
        environment: [String: String]? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        // Output goes to files, not pipes: a chatty command cannot fill a pipe buffer and block.
        let temporary = FileManager.default.temporaryDirectory
        let outputFile = temporary.appendingPathComponent("subprocess-\(UUID().uuidString).out")
        let errorFile = temporary.appendingPathComponent("subprocess-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        let outputHandle = try FileHandle(forWritingTo: outputFile)
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer {
            try? outputHandle.close()
            try? errorHandle.close()
        }
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        var output = String(decoding: (try? Data(contentsOf: outputFile)) ?? Data(), as: UTF8.self)
        if output.hasSuffix("\n") { output.removeLast() }
        let errorText = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
        return Result(status: process.terminationStatus, standardOutput: output, standardError: errorText)
    }

    /// Runs `executable` and returns its standard output, or throws ``TestSetupError`` (with
    /// its standard error) when it exits non-zero.
    @discardableResult
    public static func checked(
        _ executable: String,
        _ arguments: [String],
        in directory: String? = nil,
        environment: [String: String]? = nil
    ) throws -> String {
        let result = try run(executable, arguments, in: directory, environment: environment)
        guard result.status == 0 else {
            throw TestSetupError(
                "\(executable) \(arguments.joined(separator: " ")) exited \(result.status): \(result.standardError)"
            )
        }
        return result.standardOutput
    }
}
