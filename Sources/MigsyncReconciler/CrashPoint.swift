import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Named places in a pass where the crash-safety test kills the daemon on purpose.
///
/// A kill timed from outside rarely lands in the few milliseconds between a run's creation
/// and the status write that records it; these points make those moments certain. Set
/// `MIGSYNC_CRASH_POINT=<name>[:<n>]` and the process kills itself (SIGKILL, no cleanup) the
/// n-th time (default 1) it reaches `<name>`. Unset, a check is one comparison.
enum CrashPoint: String, CaseIterable, Sendable {
    /// The branch was fetched; nothing written yet.
    case fetched
    /// A cluster write (create, update, cancel, close, delete) just succeeded.
    case clusterWrite = "cluster-write"
    /// The status commit exists locally and is not pushed.
    case statusCommitted = "status-committed"
    /// The status commit was pushed; the local bookkeeping is not updated.
    case statusPushed = "status-pushed"

    private static let armed: (point: CrashPoint, count: Int)? = {
        guard let value = ProcessInfo.processInfo.environment["MIGSYNC_CRASH_POINT"], !value.isEmpty else {
            return nil
        }
        let parts = value.split(separator: ":", maxSplits: 1)
        guard let point = CrashPoint(rawValue: String(parts[0])) else { return nil }
        return (point, parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()

    private static let hits = HitCounter()

    /// Kills the process here when this point is armed and reached for the n-th time.
    func reached() {
        guard let armed = Self.armed, armed.point == self else { return }
        if Self.hits.increment() >= armed.count { kill(getpid(), SIGKILL) }
    }
}

private final class HitCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}
