import Foundation

/// Runs a helper program to completion (ssh-keygen, git, sh) and captures what it printed.
///
/// Built on ``ChildProcess`` (`posix_spawn` + `waitpid`), which cannot miss a child's exit the
/// way Foundation's `Process` can when tests run in parallel.
public enum Subprocess {
    /// The outcome of one run.
    public struct Result: Sendable {
        /// The exit status; 128 + the signal number when the program was killed.
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
        // Output goes to files, not pipes: a chatty command cannot fill a pipe buffer and block.
        let temporary = FileManager.default.temporaryDirectory.path
        let outputPath = "\(temporary)/subprocess-\(UUID().uuidString).out"
        let errorPath = "\(temporary)/subprocess-\(UUID().uuidString).err"
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        let pid = try ChildProcess.spawn(
            executable, arguments, directory: directory, environment: environment, outputPath: outputPath,
            errorPath: errorPath)
        let status = ChildProcess.wait(pid)
        var output = String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self)
        if output.hasSuffix("\n") { output.removeLast() }
        let errorText = String(decoding: FileManager.default.contents(atPath: errorPath) ?? Data(), as: UTF8.self)
        return Result(status: status, standardOutput: output, standardError: errorText)
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
