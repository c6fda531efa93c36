import Dispatch
import Foundation
import KubeObjects
import Logging

/// An async client for the Kubernetes API (a real cluster or the MTC emulator).
///
/// Values are cheap to copy and safe to share between tasks: connections live in the
/// transport, which every copy shares. Requests that fail transiently are retried under
/// ``RetryPolicy``; every other failure is a ``KubeError``.
public struct KubernetesClient: Sendable {
    /// The namespace used when a call or an object names none (the context's namespace, else
    /// `default`).
    public let defaultNamespace: String
    public let retryPolicy: RetryPolicy

    let transport: any HTTPTransport
    let authorizer: Authorizer
    let logger: Logger
    let sleep: @Sendable (Duration) async throws -> Void
    let random: @Sendable () -> Double

    /// A client for the server, TLS settings and credentials of `config`, over libcurl.
    public init(config: KubeConfig, retryPolicy: RetryPolicy = .default, logger: Logger? = nil) {
        self.init(
            transport: CurlTransport(config: config), credentials: Credentials(config: config),
            defaultNamespace: config.namespace ?? "default", retryPolicy: retryPolicy, logger: logger)
    }

    /// A client over any transport.
    ///
    /// - Parameters:
    ///   - sleep: how retries wait; tests pass a recorder to check the timing without waiting.
    ///   - random: jitter source in `0..<1`.
    public init(
        transport: any HTTPTransport, credentials: Credentials = .none, defaultNamespace: String = "default",
        retryPolicy: RetryPolicy = .default, logger: Logger? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.transport = transport
        self.authorizer = Authorizer(credentials: credentials)
        self.defaultNamespace = defaultNamespace
        self.retryPolicy = retryPolicy
        self.logger = logger ?? Logger(label: "migsync.kubernetes", factory: { _ in SwiftLogNoOpLogHandler() })
        self.sleep = sleep
        self.random = random
    }

    // MARK: - Sending

    /// Sends `request` with credentials, retrying transient failures; returns a 2xx response.
    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            let (authorized, redactor) = try authorize(request)
            let started = ContinuousClock.now
            let failure: KubeError
            do {
                let response = try await transport.send(authorized)
                logger.debug(
                    "kubernetes request",
                    metadata: [
                        "k8s.method": "\(request.method.rawValue)", "k8s.path": "\(request.target)",
                        "http.status": "\(response.status)", "duration": "\(ContinuousClock.now - started)",
                    ])
                if response.isSuccess { return response }
                failure = KubeError.from(response: response, redactor: redactor)
            } catch let error as KubeError {
                failure = redactor.scrub(error)
            }
            guard
                let delay = retryPolicy.delay(
                    afterAttempt: attempt, error: failure, method: request.method, random: random())
            else { throw failure }
            logger.notice(
                "retrying kubernetes request",
                metadata: [
                    "k8s.method": "\(request.method.rawValue)", "k8s.path": "\(request.target)",
                    "attempt": "\(attempt)", "delay": "\(delay)", "error": "\(failure)",
                ])
            try await sleep(delay)
        }
    }

    /// Adds the `Authorization` and content headers; the redactor knows the secret sent.
    func authorize(_ request: HTTPRequest) throws -> (HTTPRequest, Redactor) {
        var request = request
        var secrets: [String] = []
        if let authorization = try authorizer.authorization() {
            request.headers.append(HTTPHeader("Authorization", authorization.header))
            secrets.append(authorization.secret)
        }
        if request.header("Accept") == nil { request.headers.append(HTTPHeader("Accept", "application/json")) }
        if request.body != nil, request.header("Content-Type") == nil {
            request.headers.append(HTTPHeader("Content-Type", "application/json"))
        }
        return (request, Redactor(secrets: secrets))
    }

    // MARK: - Decoding

    func decodeObject(_ response: HTTPResponse, type: ResourceType) throws -> KubeObject {
        let value: JSONValue
        do {
            value = try JSONReader.parse(response.body)
        } catch {
            throw KubeError.invalidResponse("\(error)")
        }
        guard case .object = value else { throw KubeError.invalidResponse("expected a JSON object") }
        return Self.completing(KubeObject(json: value), type: type)
    }

    func decodeList(_ response: HTTPResponse, type: ResourceType) async throws -> KubeList {
        let body = response.body
        let document: JSONReader.ListDocument
        do {
            if body.count < JSONReader.parallelThreshold {
                document = try JSONReader.parseList(body, parallelism: 1)
            } else {
                // Tens of megabytes take a while to build; do it on threads of our own rather
                // than hold the caller's.
                document = try await withCheckedThrowingContinuation { continuation in
                    DispatchQueue.global().async {
                        continuation.resume(
                            with: Result {
                                try JSONReader.parseList(
                                    body, parallelism: ProcessInfo.processInfo.activeProcessorCount)
                            })
                    }
                }
            }
        } catch {
            throw KubeError.invalidResponse("\(error)")
        }
        let metadata = document.members["metadata"]
        let remaining = metadata?["remainingItemCount"]?.intValue.map { Int($0) }
        let token = metadata?["continue"]?.stringValue
        return KubeList(
            items: (document.items ?? []).map { Self.completing(KubeObject(json: $0), type: type) },
            resourceVersion: metadata?["resourceVersion"]?.stringValue ?? "",
            continueToken: token?.isEmpty == false ? token : nil, remainingItemCount: remaining)
    }

    /// List items of built-in kinds come without `apiVersion`/`kind`; fill them in so every
    /// object the client returns is self-describing.
    static func completing(_ object: KubeObject, type: ResourceType) -> KubeObject {
        guard case .object(var members) = object.json else { return object }
        guard members["apiVersion"] == nil || members["kind"] == nil else { return object }
        if members["apiVersion"] == nil { members["apiVersion"] = .string(type.apiVersion) }
        if members["kind"] == nil { members["kind"] = .string(type.kind) }
        return KubeObject(json: .object(members))
    }

    func encode(_ value: JSONValue) throws -> [UInt8] {
        do {
            return try value.serializedBytes()
        } catch {
            throw KubeError.badRequest(message: "cannot encode the request body: \(error)")
        }
    }
}

extension Redactor {
    func scrub(_ error: KubeError) -> KubeError {
        switch error {
        case .transport(let failure):
            return .transport(TransportFailure(kind: failure.kind, message: scrub(failure.message)))
        case .timeout(let message):
            return .timeout(message: scrub(message))
        default:
            return error
        }
    }
}
