/// A failed API call, in the terms a caller acts on: a missing object is created, a conflict is
/// retried after a fresh read, an invalid object is reported with its fields, throttling and
/// server errors are retried by ``RetryPolicy``.
///
/// Messages come from the server's `Status` or from the transport. Known credentials are
/// scrubbed from them before the error is built, and request headers are never included.
public enum KubeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 404: the object (or its namespace, or the resource type) does not exist.
    case notFound(message: String)
    /// 409 with reason `AlreadyExists`: a create named an object that exists.
    case alreadyExists(message: String)
    /// 409 otherwise: the `resourceVersion` sent is stale, re-read and try again.
    case conflict(message: String)
    /// 422: the object breaks the schema; `causes` names each bad field.
    case invalid(message: String, causes: [StatusCause])
    /// 400: a malformed request (bad selector, bad patch).
    case badRequest(message: String)
    /// 401: no credentials, or the server does not accept them.
    case unauthorized(message: String)
    /// 403: authenticated, but not allowed.
    case forbidden(message: String)
    /// 410: a watch or list asked for a `resourceVersion` the server no longer keeps.
    case gone(message: String)
    /// 429: throttled; `retryAfter` is the server's `Retry-After`.
    case tooManyRequests(message: String, retryAfter: Duration?)
    /// 5xx other than a timeout.
    case serverError(code: Int, message: String)
    /// 504, a `Timeout`/`ServerTimeout` status, or the client's own deadline.
    case timeout(message: String)
    /// No HTTP response: connection refused or reset, TLS verification failed.
    case transport(TransportFailure)
    /// A status code this client has no meaning for.
    case unexpectedStatus(code: Int, message: String)
    /// The server answered 2xx with a body that is not the expected JSON.
    case invalidResponse(String)
    /// The object's kind and apiVersion match no resource type the client knows.
    case unknownResourceType(kind: String, apiVersion: String)

    public var description: String {
        switch self {
        case .notFound(let message): return "not found: \(message)"
        case .alreadyExists(let message): return "already exists: \(message)"
        case .conflict(let message): return "conflict: \(message)"
        case .invalid(let message, let causes):
            if causes.isEmpty { return "invalid: \(message)" }
            return "invalid: \(message) (\(causes.map(\.description).joined(separator: "; ")))"
        case .badRequest(let message): return "bad request: \(message)"
        case .unauthorized(let message): return "unauthorized: \(message)"
        case .forbidden(let message): return "forbidden: \(message)"
        case .gone(let message): return "gone: \(message)"
        case .tooManyRequests(let message, let retryAfter):
            return "too many requests: \(message)" + (retryAfter.map { " (retry after \($0))" } ?? "")
        case .serverError(let code, let message): return "server error \(code): \(message)"
        case .timeout(let message): return "timeout: \(message)"
        case .transport(let failure): return failure.description
        case .unexpectedStatus(let code, let message): return "unexpected HTTP status \(code): \(message)"
        case .invalidResponse(let message): return "invalid response: \(message)"
        case .unknownResourceType(let kind, let apiVersion): return "unknown resource type \(kind) \(apiVersion)"
        }
    }

    /// The HTTP status code behind the error, when there was a response.
    public var statusCode: Int? {
        switch self {
        case .notFound: return 404
        case .alreadyExists, .conflict: return 409
        case .invalid: return 422
        case .badRequest: return 400
        case .unauthorized: return 401
        case .forbidden: return 403
        case .gone: return 410
        case .tooManyRequests: return 429
        case .serverError(let code, _), .unexpectedStatus(let code, _): return code
        case .timeout, .transport, .invalidResponse, .unknownResourceType: return nil
        }
    }
}

/// One field-level reason a write was refused (`Status.details.causes[]`).
public struct StatusCause: Sendable, Hashable, CustomStringConvertible {
    /// The JSON path of the field, e.g. `spec.srcMigClusterRef`; empty when not about a field.
    public var field: String
    public var message: String
    /// Machine-readable reason, e.g. `FieldValueRequired`.
    public var reason: String

    public init(field: String, message: String, reason: String = "") {
        self.field = field
        self.message = message
        self.reason = reason
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

/// Why no HTTP response arrived.
public struct TransportFailure: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Could not open a connection (refused, unreachable, DNS, or the TCP connect or TLS
        /// handshake timed out); nothing was sent.
        case connect
        /// The TLS handshake failed: the server certificate did not verify, or ours was refused.
        case tls
        /// The connection broke after the request was sent (reset, truncated response).
        case interrupted
        /// Anything else the transport reported.
        case other
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "transport (\(kind.rawValue)): \(message)" }
}
