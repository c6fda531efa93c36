import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a helper program to completion (ssh-keygen, git, sh) and captures what it printed.
///
/// Built on `posix_spawn` and `waitpid` rather than Foundation's `Process`: when tests run in
/// parallel, `Process` on Linux can miss a child's exit and leave `waitUntilExit` waiting on
/// a zombie forever.
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
            unlink(outputPath)
            unlink(errorPath)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        // The test runner blocks some signals; children must start with a clean mask.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptySet = sigset_t()
        sigemptyset(&emptySet)
        posix_spawnattr_setsigmask(&attributes, &emptySet)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // glibc's posix_spawn_file_actions_addchdir_np is not visible to Swift, so a working
        // directory is entered by a tiny shell that then execs the program.
        var program = executable
        var words = [executable] + arguments
        if let directory {
            program = "/bin/sh"
            words = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + words
        }
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environmentEntries = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp: [UnsafeMutablePointer<CChar>?] = environmentEntries.map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }

        var pid = pid_t()
        let spawned = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw TestSetupError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw TestSetupError("waitpid(\(executable)) failed: errno \(errno)") }
        }
        let signal = status & 0x7F
        let exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal

        var output = String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self)
        if output.hasSuffix("\n") { output.removeLast() }
        let errorText = String(decoding: FileManager.default.contents(atPath: errorPath) ?? Data(), as: UTF8.self)
        return Result(status: exitStatus, standardOutput: output, standardError: errorText)
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
