import CLibgit2
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// libgit2's plain TCP connections, with Nagle's algorithm off and every receipt acknowledged
/// at once.
///
/// libgit2 writes a request in several small writes: a push sends its commands, then the
/// pack header, then the objects. Its own socket stream leaves Nagle's algorithm on, so each
/// small write after the first waits for the server's acknowledgement of the one before,
/// and a server delays that acknowledgement by up to 40 ms while it waits for more. A
/// one-note status push over `git://` spent about 45 ms of its 60 ms in that wait. Setting
/// `TCP_NODELAY`, as git, curl and OpenSSH do, sends each write at once.
///
/// The same wait hits the other way round. Once a connection has gone back and forth, Linux
/// delays acknowledging what it receives, and a server that leaves Nagle's algorithm on
/// (`git daemon` does) holds each small reply back until the one before is acknowledged. A
/// fetch from a repository with twenty commits or more does that: libgit2 sends its first
/// twenty `have` lines and reads one `ACK` line per common commit, and the fetch of a
/// one-file commit took 80 ms instead of 35. Quick acknowledgement is not a lasting mode (the
/// kernel leaves it again), so it is asked for before every receive.
///
/// Registered as libgit2's standard stream, so it carries `git://`, `http://`, SSH (libssh2
/// runs over its socket) and, under the TLS layer, `https://`. Everything else matches
/// libgit2's stream: every address of the host is tried in turn, and failures are reported
/// through libgit2's error slot.
enum NoDelaySocketStream {
    /// Registers the stream; called once, right after `git_libgit2_init`.
    static func register() -> Int32 {
        var registration = git_stream_registration()
        registration.version = GIT_STREAM_VERSION
        registration.`init` = { out, host, port in
            guard let out, let host, let port else { return -1 }
            let stream = UnsafeMutablePointer<migsync_socket_stream>.allocate(capacity: 1)
            stream.initialize(to: migsync_socket_stream())
            stream.pointee.parent.version = GIT_STREAM_VERSION
            stream.pointee.host = strdup(host)
            stream.pointee.port = strdup(port)
            stream.pointee.socket = -1
            stream.pointee.parent.connect = { NoDelaySocketStream.connect($0) }
            stream.pointee.parent.read = { NoDelaySocketStream.read($0, $1, $2) }
            stream.pointee.parent.write = { NoDelaySocketStream.write($0, $1, $2, $3) }
            stream.pointee.parent.close = { NoDelaySocketStream.close($0) }
            stream.pointee.parent.free = { NoDelaySocketStream.free($0) }
            stream.withMemoryRebound(to: git_stream.self, capacity: 1) { out.pointee = $0 }
            return 0
        }
        return git_stream_register(GIT_STREAM_STANDARD, &registration)
    }

    private static func state(_ stream: UnsafeMutablePointer<git_stream>?) -> UnsafeMutablePointer<
        migsync_socket_stream
    >? {
        stream.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: migsync_socket_stream.self) }
    }

    /// Sets libgit2's error message (what `git_error_last` reports for the failed call).
    private static func fail(_ message: String) -> Int32 {
        git_error_set_str(Int32(GIT_ERROR_NET.rawValue), message)
        return -1
    }

    private static func connect(_ stream: UnsafeMutablePointer<git_stream>?) -> Int32 {
        guard let state = state(stream), let host = state.pointee.host, let port = state.pointee.port else {
            return fail("no host to connect to")
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var addresses: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, port, &hints, &addresses)
        guard resolved == 0 else {
            return fail(
                "failed to resolve address for \(String(cString: host)): \(String(cString: gai_strerror(resolved)))")
        }
        defer { freeaddrinfo(addresses) }
        var lastError: Int32 = 0
        var candidate = addresses
        while let address = candidate {
            candidate = address.pointee.ai_next
            let socketHandle = socket(
                address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                address.pointee.ai_protocol)
            guard socketHandle >= 0 else {
                lastError = errno
                continue
            }
            // Not retried on EINTR: an interrupted connect goes on in the background and a
            // second call reports EALREADY. It counts as a failed address, as in libgit2.
            guard Glibc.connect(socketHandle, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
                lastError = errno
                Glibc.close(socketHandle)
                continue
            }
            var on: Int32 = 1
            _ = setsockopt(socketHandle, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            state.pointee.socket = socketHandle
            return 0
        }
        return fail("failed to connect to \(String(cString: host)): \(String(cString: strerror(lastError)))")
    }

    private static func read(
        _ stream: UnsafeMutablePointer<git_stream>?, _ buffer: UnsafeMutableRawPointer?, _ length: Int
    )
        -> Int
    {
        guard let state = state(stream), state.pointee.socket >= 0 else {
            return Int(fail("read on a closed connection"))
        }
        var on: Int32 = 1
        _ = setsockopt(
            state.pointee.socket, Int32(IPPROTO_TCP), TCP_QUICKACK, &on, socklen_t(MemoryLayout<Int32>.size))
        var received: Int
        repeat {
            received = recv(state.pointee.socket, buffer, length, 0)
        } while received < 0 && errno == EINTR
        if received < 0 { return Int(fail("error receiving socket data: \(String(cString: strerror(errno)))")) }
        return received
    }

    private static func write(
        _ stream: UnsafeMutablePointer<git_stream>?, _ data: UnsafePointer<CChar>?, _ length: Int, _ flags: Int32
    ) -> Int {
        guard let state = state(stream), state.pointee.socket >= 0 else {
            return Int(fail("write on a closed connection"))
        }
        var sent: Int
        repeat {
            sent = send(state.pointee.socket, data, length, flags | Int32(MSG_NOSIGNAL))
        } while sent < 0 && errno == EINTR
        if sent < 0 { return Int(fail("error sending data: \(String(cString: strerror(errno)))")) }
        return sent
    }

    private static func close(_ stream: UnsafeMutablePointer<git_stream>?) -> Int32 {
        guard let state = state(stream), state.pointee.socket >= 0 else { return 0 }
        let closed = Glibc.close(state.pointee.socket)
        state.pointee.socket = -1
        return closed == 0 ? 0 : fail("error closing socket: \(String(cString: strerror(errno)))")
    }

    private static func free(_ stream: UnsafeMutablePointer<git_stream>?) {
        guard let state = state(stream) else { return }
        _ = close(stream)
        Glibc.free(state.pointee.host)
        Glibc.free(state.pointee.port)
        state.deinitialize(count: 1)
        state.deallocate()
    }
}
