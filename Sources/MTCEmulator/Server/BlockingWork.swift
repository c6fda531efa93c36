import Foundation

/// Runs blocking work (child processes, file I/O) on a thread of its own, so that it does not
/// hold one of the few cooperative threads Swift concurrency has while it waits.
enum BlockingWork {
    static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
