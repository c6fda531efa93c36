import Foundation

/// Where the emulated mig-controller gets the time: timestamps it writes, when copies and
/// hook jobs started, and whether they have finished.
///
/// The real clock serves `migsync emulator serve`; tests pass a clock they move by hand so
/// that a migration's phases advance exactly when the test says and the suite stays fast.
public protocol ControllerClock: Sendable {
    /// The current time.
    var now: Date { get }

    /// Waits `duration` (the run loop's pause between passes).
    func sleep(for duration: Duration) async throws
}

/// Wall-clock time.
public struct SystemControllerClock: ControllerClock {
    public init() {}

    public var now: Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

/// A clock that only moves when told to, for tests and for replaying scenarios.
public final class ManualControllerClock: ControllerClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// Starts at `start` (default 2025-01-01T00:00:00Z, so written timestamps are predictable).
    public init(start: Date = Date(timeIntervalSince1970: 1_735_689_600)) {
        current = start
    }

    public var now: Date { lock.withLock { current } }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }

    /// Does not wait: it advances the clock by `duration` and yields, so a run loop driven by
    /// this clock still makes progress.
    public func sleep(for duration: Duration) async throws {
        advance(by: duration)
        await Task.yield()
        try Task.checkCancellation()
    }
}
