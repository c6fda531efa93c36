import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection to 127.0.0.1 that never sends a byte, as a client stuck before its TLS
/// handshake or its request; closed when released.
public final class SilentConnection: Sendable {
    private let descriptor: Int32

    public init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket() failed: errno \(errno)") }
        let connected = LoopbackPort.withAddress(port: port) { address, length in
            connect(fd, address, length) == 0
        }.result
        guard connected else {
            close(fd)
            throw TestSetupError("cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }
}
