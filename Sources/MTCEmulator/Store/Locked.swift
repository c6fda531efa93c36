import Foundation

/// A value guarded by a lock, for state that synchronous store calls and async server tasks
/// share.
///
/// `Synchronization.Mutex` would do the same but needs macOS 15; the package still builds
/// for macOS 14, so this wraps `NSLock` in the one place that needs `@unchecked Sendable`.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
