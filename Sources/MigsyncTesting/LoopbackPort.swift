import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Free TCP ports on 127.0.0.1 for test servers (git daemon, lighttpd, the emulator).
public enum LoopbackPort {
    /// Binds port 0 on loopback, reads the port the kernel chose, and closes the socket.
    public static func free() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        let (named, port) = withAddress(port: 0) { address, length in
            bind(fd, address, length) == 0 && getsockname(fd, address, &length) == 0
        }
        guard named else { throw TestSetupError("cannot bind 127.0.0.1:0: errno \(errno)") }
        return port
    }

    /// Holds `port` the way an outgoing connection's local end does: bound, not listening,
    /// so connecting to it is refused while binding it fails. The caller closes the socket.
    public static func occupy(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket() failed: errno \(errno)") }
        guard withAddress(port: port, { address, length in bind(fd, address, length) == 0 }).result else {
            close(fd)
            throw TestSetupError("cannot bind 127.0.0.1:\(port): errno \(errno)")
        }
        return fd
    }

    static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return withAddress(port: port) { address, length in connect(fd, address, length) == 0 }.result
    }

    /// Runs `body` with 127.0.0.1:`port` as a socket address and its length; returns what
    /// `body` returned and the port the address holds afterwards (`getsockname` fills it in).
    static func withAddress<Result>(
        port: Int, _ body: (UnsafeMutablePointer<sockaddr>, inout socklen_t) -> Result
    ) -> (result: Result, port: Int) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, &length) }
        }
        return (result, Int(UInt16(bigEndian: address.sin_port)))
    }
}

extension LoopbackPort {
    /// A socket listening on a free port of 127.0.0.1; the caller closes it.
    static func listeningSocket(backlog: Int32) throws -> (descriptor: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket() failed: errno \(errno)") }
        let (listening, port) = withAddress(port: 0) { address, length in
            bind(fd, address, length) == 0 && listen(fd, backlog) == 0 && getsockname(fd, address, &length) == 0
        }
        guard listening else {
            close(fd)
            throw TestSetupError("cannot listen on 127.0.0.1: errno \(errno)")
        }
        return (fd, port)
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension LoopbackPort {
    /// Starts a server on a free loopback port and waits until it accepts connections.
    ///
    /// Choosing a port and the server binding it are two steps, and between them another
    /// process can take the port: an outgoing connection's ephemeral port comes from the same
    /// range, and parallel tests make hundreds of them. A server that exits before it listens
    /// is therefore started again on another port, up to `attempts` times.
    ///
    /// - Parameter start: starts the server on the port it is given.
    public static func startServer(
        _ name: String, attempts: Int = 5, timeout: Duration = .seconds(20),
        _ start: (_ port: Int) throws -> ServerProcess
    ) throws -> (port: Int, process: ServerProcess) {
        var failures: [String] = []
        for _ in 0..<attempts {
            let port = try free()
            let process = try start(port)
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline, process.isRunning {
                if canConnect(port), process.isRunning { return (port, process) }
                usleep(20_000)
            }
            if process.isRunning {
                process.stop()
                throw TestSetupError(
                    "\(name) did not start: nothing listening on 127.0.0.1:\(port) after \(timeout); "
                        + "output: \(process.output)")
            }
            failures.append("port \(port): \(process.output)")
        }
        throw TestSetupError(
            "\(name) exited before listening, \(attempts) times; output: \(failures.joined(separator: "\n"))")
    }
}
