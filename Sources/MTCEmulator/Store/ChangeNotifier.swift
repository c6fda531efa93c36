import Foundation

/// Wakes watchers when the store's resource version moves, so a watch stream sends a change
/// as soon as it is written instead of polling the event log.
final class ChangeNotifier: Sendable {
    private let subscribers = Locked<[UUID: AsyncStream<Int64>.Continuation]>([:])

    /// A stream that yields the newest resource version after each write; only the latest
    /// value is buffered because the watcher re-reads the log from its own position anyway.
    func subscribe() -> AsyncStream<Int64> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Int64>.makeStream(bufferingPolicy: .bufferingNewest(1))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    func publish(_ resourceVersion: Int64) {
        let current = subscribers.withLock { Array($0.values) }
        for continuation in current { continuation.yield(resourceVersion) }
    }

    /// Ends every subscription, e.g. when the server stops.
    func finishAll() {
        let current = subscribers.withLock { subscribers in
            defer { subscribers.removeAll() }
            return Array(subscribers.values)
        }
        for continuation in current { continuation.finish() }
    }
}
