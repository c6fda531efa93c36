import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a local mirror, held for the length of one pass.
///
/// Two migsync processes may share a state folder (`migsync status` beside a running daemon);
/// they take turns instead of interleaving reference updates. Holding it also proves that any
/// Git lock file left in the mirror belongs to a process that died, so it can be removed.
/// `flock` locks are released by the kernel when their holder dies, so a killed daemon never
/// leaves this lock behind.
final class MirrorLock {
    let path: String
    private var descriptor: Int32 = -1

    init(mirrorPath: String) {
        path = mirrorPath + ".migsync-lock"
    }

    /// Takes the lock, waiting up to `timeout` for another process to finish its pass.
    func acquire(timeout: Duration) async throws {
        guard descriptor < 0 else { return }
        let parent = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let handle = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard handle >= 0 else {
            throw MirrorLockError("cannot open lock file \(path): \(String(cString: strerror(errno)))")
        }
        let deadline = ContinuousClock.now + timeout
        while flock(handle, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                close(handle)
                throw MirrorLockError("another migsync process has been using \(path) for longer than \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        descriptor = handle
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}

struct MirrorLockError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
