/// When and how long to wait before repeating a failed request.
///
/// Throttling (429), server errors (5xx), timeouts and broken connections are transient on a
/// real cluster (API server restarts, priority-and-fairness throttling). Waits grow
/// exponentially up to `maxDelay`, with random jitter so that many clients that failed
/// together do not retry together; a server's `Retry-After` is used as given (capped by
/// `maxRetryAfter`) because the server knows when it will have room.
public struct RetryPolicy: Sendable, Hashable {
    /// Total tries including the first; 1 disables retries.
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration
    public var multiplier: Double
    /// Fraction of each delay that is random: 0.2 spreads a 1 s delay over 0.8–1.2 s.
    public var jitter: Double
    /// Upper bound for a server-requested `Retry-After`.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 5, initialDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(10),
        multiplier: Double = 2, jitter: Double = 0.2, maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.multiplier = max(1, multiplier)
        self.jitter = min(max(jitter, 0), 1)
        self.maxRetryAfter = maxRetryAfter
    }

    public static let `default` = RetryPolicy()
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Whether `error` is worth another try of a `method` request.
    ///
    /// A POST that may have reached the server is not repeated after a broken connection or a
    /// 5xx: the object might exist already. It is repeated when the server refused it
    /// outright (429, 503) or no connection was made.
    public func isRetryable(_ error: KubeError, method: HTTPMethod) -> Bool {
        switch error {
        case .tooManyRequests:
            return true
        case .serverError(let code, _):
            return method != .post || code == 503
        case .timeout:
            return method != .post
        case .transport(let failure):
            switch failure.kind {
            case .connect: return true
            case .interrupted, .other: return method != .post
            case .tls: return false
            }
        default:
            return false
        }
    }

    /// The wait before try number `attempt + 1`, after try `attempt` (1-based) failed with
    /// `error`, or `nil` when no try is left or the error is not transient.
    ///
    /// - Parameter random: a value in `0..<1` (injectable so tests can pin the jitter).
    public func delay(afterAttempt attempt: Int, error: KubeError, method: HTTPMethod, random: Double) -> Duration? {
        guard attempt < maxAttempts, isRetryable(error, method: method) else { return nil }
        if case .tooManyRequests(_, let retryAfter?) = error {
            return min(retryAfter, maxRetryAfter)
        }
        return backoff(afterAttempt: attempt, random: random)
    }

    /// Exponential backoff with jitter, independent of the error; also used to pace watch
    /// reconnects, which retry without an attempt limit.
    public func backoff(afterAttempt attempt: Int, random: Double) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let base = min(seconds(initialDelay) * pow(multiplier, exponent), seconds(maxDelay))
        let spread = base * jitter * (2 * min(max(random, 0), 1) - 1)
        let value = min(max(base + spread, 0), seconds(maxDelay))
        return .nanoseconds(Int64(value * 1e9))
    }

    private func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        // Capped: beyond 2^64 the delay is maxDelay anyway.
        remaining = min(remaining, 64)
        while remaining > 0 {
            result *= base
            remaining -= 1
        }
        return result
    }
}
