/// One HTTP exchange with the API server, independent of how it is carried.
///
/// The client builds requests (``RequestBuilder``) and interprets responses; a transport only
/// moves bytes. ``CurlTransport`` is the real one; tests can put a scripted one in its place
/// to check retry timing without a server.
public protocol HTTPTransport: Sendable {
    /// Sends a request and returns the whole response, whatever its status code.
    ///
    /// - Throws: ``KubeError/transport(_:)`` when no HTTP response arrived (connection refused,
    ///   TLS verification failed, timeout), or `CancellationError`.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Sends a request whose successful (2xx) body arrives over a long time (a watch) and hands
    /// each received piece to `onData` as it arrives, on a thread of the transport's choosing.
    /// `onData` returns `false` to end the exchange early (the stream then returns normally).
    /// Returns when the server ends the response; the returned body holds the bytes only when
    /// the status is not 2xx (the error `Status`).
    func stream(_ request: HTTPRequest, onData: @escaping @Sendable ([UInt8]) -> Bool) async throws -> HTTPResponse
}

public enum HTTPMethod: String, Sendable, Hashable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
}

public struct HTTPRequest: Sendable, Hashable {
    public var method: HTTPMethod
    /// Path and query relative to the server URL, e.g. `/api/v1/namespaces?limit=5`.
    public var target: String
    /// Header fields as sent. The transport never logs or reports them: one may carry a token.
    public var headers: [HTTPHeader]
    public var body: [UInt8]?
    /// Upper bound for the whole exchange; `nil` for none (watches).
    public var timeout: Duration?

    public init(
        method: HTTPMethod, target: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil,
        timeout: Duration? = .seconds(60)
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    /// Response headers by lower-cased name (the last value when one repeats).
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
}
