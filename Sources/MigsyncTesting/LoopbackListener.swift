import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A bare TCP listener on a free loopback port, for tests that look at a client's connection
/// itself rather than at a protocol spoken over it.
public final class LoopbackListener {
    public let port: Int
    private let listening: Int32
    private var accepted: [Int32] = []

    public init() throws {
        let (handle, port) = try LoopbackPort.listeningSocket(backlog: 4)
        // Neither accept nor the first read waits forever for a client that never comes.
        Self.setReceiveTimeout(handle, seconds: 60)
        listening = handle
        self.port = port
    }

    /// Waits for the next connection and its first bytes, and keeps it open until
    /// ``closeConnections()``.
    ///
    /// Waiting for data matters: `accept` returns when the kernel has completed the handshake,
    /// which can be before the client's `connect` call has returned and the client has set up
    /// its socket; once it sends, it has.
    public func acceptConnectionWithData() throws {
        let connection = accept(listening, nil, nil)
        guard connection >= 0 else { throw TestSetupError("accept() failed: errno \(errno)") }
        accepted.append(connection)
        Self.setReceiveTimeout(connection, seconds: 60)
        var byte: UInt8 = 0
        guard recv(connection, &byte, 1, Int32(MSG_PEEK)) == 1 else {
            throw TestSetupError("the client sent nothing: errno \(errno)")
        }
    }

    /// Sends `bytes` on the last connection accepted.
    public func send(_ bytes: [UInt8]) throws {
        guard let connection = accepted.last else { throw TestSetupError("no connection to send on") }
        try FileHandle(fileDescriptor: connection, closeOnDealloc: false).write(contentsOf: Data(bytes))
    }

    /// Reads from the last connection accepted until what it has read contains `marker`.
    @discardableResult
    public func receive(until marker: String) throws -> String {
        guard let connection = accepted.last else { throw TestSetupError("no connection to read from") }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains(marker) {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                throw TestSetupError("the client closed or sent nothing before \(marker): errno \(errno)")
            }
            received += chunk[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    public func closeConnections() {
        accepted.forEach { _ = close($0) }
        accepted = []
    }

    /// The sockets of this process connected to this listener: the client ends, when the
    /// client runs in the test's own process.
    public func clientSocketsInThisProcess() -> [Int32] {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.compactMap(Int32.init).filter { descriptor in
            var peer = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &length) == 0 }
            }
            return named && peer.sin_family == sa_family_t(AF_INET) && Int(UInt16(bigEndian: peer.sin_port)) == port
        }
    }

    private static func setReceiveTimeout(_ handle: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(handle, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        closeConnections()
        close(listening)
    }
}
