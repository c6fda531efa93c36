import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that listens but never accepts: the kernel completes clients'
/// connects from its backlog, and then nothing answers, as with a server too busy to serve.
///
/// Lets tests see what a client does when a TLS handshake or a response never comes.
public final class UnansweredListener: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        (descriptor, port) = try LoopbackPort.listeningSocket(backlog: 16)
    }

    deinit {
        close(descriptor)
    }
}
