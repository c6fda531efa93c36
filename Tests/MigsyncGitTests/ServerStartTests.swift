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
            if taken == nil { taken = (port, try LoopbackPort.occupy(port)) }
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
}
