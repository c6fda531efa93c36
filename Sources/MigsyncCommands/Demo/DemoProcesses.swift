import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The two processes the demo runs beside itself: `git daemon` serving the demo repository
/// on loopback, and the migsync daemon (`migsync run`) reconciling from it. Both are real:
/// the demo shows the product as an operator would run it, not an in-process shortcut.
final class DemoProcess {
    let name: String
    private let process: Process

    private init(name: String, process: Process) {
        self.name = name
        self.process = process
    }

    /// Starts `executable arguments`, with standard output and error appended to `logPath`.
    static func start(name: String, executable: String, arguments: [String], logPath: String) throws -> DemoProcess {
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return DemoProcess(name: name, process: process)
    }

    var isRunning: Bool { process.isRunning }

    /// SIGTERM, then waits up to `grace` for a clean exit (the migsync daemon finishes its
    /// pass and status write first), then SIGKILL. A zero grace kills at once: `git daemon`
    /// has nothing to save, and inherits a mask that blocks SIGTERM from the thread that
    /// spawned it.
    func stop(grace: Duration = .seconds(15)) async {
        guard process.isRunning else { return }
        if grace == .zero {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return
        }
        process.terminate()
        let deadline = ContinuousClock.now + grace
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// A loopback TCP port nobody listens on right now, for `git daemon --port`.
enum LoopbackPort {
    static func free() throws -> Int {
        let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketHandle >= 0 else { throw DemoError("cannot open a socket to find a free port") }
        defer { close(socketHandle) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketHandle, generic, length) == 0 && getsockname(socketHandle, generic, &length) == 0
            }
        }
        guard bound else { throw DemoError("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `true` once something accepts connections on `port`.
    static func accepts(_ port: Int) -> Bool {
        let socketHandle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketHandle >= 0 else { return false }
        defer { close(socketHandle) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                connect(socketHandle, generic, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// A demo step that cannot go on, said plainly.
struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `git-daemon` itself, run directly rather than through the `git daemon` wrapper, which
/// would leave it orphaned when the wrapper is killed.
func gitDaemonExecutable() -> String? {
    guard let git = executablePath("git") else { return nil }
    let process = Process()
    let output = Pipe()
    process.executableURL = URL(fileURLWithPath: git)
    process.arguments = ["--exec-path"]
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let directory = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let path = directory + "/git-daemon"
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}

/// Finds a program on `PATH`.
func executablePath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}
