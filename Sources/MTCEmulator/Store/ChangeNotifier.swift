import Foundation

/// Wakes watchers when the store's resource version moves, so a watch stream sends a change
/// as soon as it is written instead of polling the event log.
final class ChangeNotifier: Sendable {
    private let subscribers = Locked<(open: Bool, continuations: [UUID: AsyncStream<Int64>.Continuation])>(
        (true, [:]))

    /// A stream that yields the newest resource version after each write; only the latest
    /// value is buffered because the watcher re-reads the log from its own position anyway.
    func subscribe() -> AsyncStream<Int64> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Int64>.makeStream(bufferingPolicy: .bufferingNewest(1))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.continuations.removeValue(forKey: id) }
        }
        let open = subscribers.withLock { state in
            if state.open { state.continuations[id] = continuation }
            return state.open
        }
        // A watch that starts while the server is stopping ends at once.
        if !open { continuation.finish() }
        return stream
    }

    func publish(_ resourceVersion: Int64) {
        let current = subscribers.withLock { Array($0.continuations.values) }
        for continuation in current { continuation.yield(resourceVersion) }
    }

    /// Ends every subscription and refuses new ones, e.g. when the server stops.
    func finishAll() {
        let current = subscribers.withLock { state in
            defer { state.continuations.removeAll() }
            state.open = false
            return Array(state.continuations.values)
        }
        for continuation in current { continuation.finish() }
    }
}
