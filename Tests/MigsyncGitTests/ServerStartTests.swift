import Foundation
import MigsyncTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Starting loopback test servers")
struct ServerStartTests {
    @Test("a child process inherits no descriptor the test process has open besides its output")
    func childrenInheritNoDescriptors() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/held-open"
        // Opened without close-on-exec, as a file being written by another test may be.
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o600)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        let listing = try Subprocess.checked("/bin/sh", ["-c", "ls -l /proc/$$/fd"])
        #expect(!listing.contains(path))
        #expect(listing.contains(" 1 -> "))
    }

    @Test("a git daemon whose port another socket took before it bound is started again on another port")
    func portTakenBeforeBind() throws {
        let directory = try TemporaryDirectory()
        var taken: (port: Int, socket: Int32)?
        defer { taken.map { _ = close($0.socket) } }
        var attempts = 0
        let (port, process) = try LoopbackPort.startServer("git daemon") { port in
            attempts += 1
            if taken == nil { taken = (port, try Self.bindWithoutListening(port)) }
            return try ServerProcess(
                executable: GitDaemon.executable,
                arguments: ["--export-all", "--listen=127.0.0.1", "--port=\(port)", directory.path],
                environment: GitCLI.baseEnvironment)
        }
        defer { process.stop() }
        #expect(attempts == 2)
        #expect(port != taken?.port)
        #expect(process.isRunning)
    }

    /// Holds `port` the way an outgoing connection's local end does: bound, not listening,
    /// so connecting to it is refused while binding it fails.
    static func bindWithoutListening(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, bound == 0 else { throw TestSetupError("cannot bind 127.0.0.1:\(port): errno \(errno)") }
        return fd
    }
}
