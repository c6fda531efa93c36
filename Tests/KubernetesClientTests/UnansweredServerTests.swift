import Foundation
import KubeObjects
import MigsyncTesting
import Testing

@testable import KubernetesClient

/// What the client does when a server takes connections but never answers them.
@Suite("a server that never answers")
struct UnansweredServerTests {
    /// Counts the requests that reach the real transport, to see how often the client tried.
    final class CountingTransport: HTTPTransport, @unchecked Sendable {
        let base: CurlTransport
        private let lock = NSLock()
        private var sent = 0
        var attempts: Int { lock.withLock { sent } }

        init(_ base: CurlTransport) { self.base = base }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            lock.withLock { sent += 1 }
            return try await base.send(request)
        }

        func stream(_ request: HTTPRequest, onData: @escaping @Sendable ([UInt8]) -> Bool) async throws
            -> HTTPResponse
        {
            try await base.stream(request, onData: onData)
        }
    }

    @Test("a TLS handshake that never completes is a connection failure, so even a create is tried again")
    func handshakeTimeout() async throws {
        let listener = try UnansweredListener()
        let transport = CountingTransport(
            CurlTransport(server: "https://127.0.0.1:\(listener.port)", connectTimeout: .seconds(1)))
        let client = KubernetesClient(
            transport: transport, retryPolicy: RetryPolicy(maxAttempts: 2, initialDelay: .milliseconds(10)))
        do {
            _ = try await client.create(EmulatorCRUDTests.plan("never-sent"))
            Issue.record("a server that never answered accepted a create")
        } catch KubeError.transport(let failure) {
            #expect(failure.kind == .connect, "\(failure)")
        }
        #expect(transport.attempts == 2)
    }

    @Test("a request sent to a server that never answers is a timeout, and a create is not sent twice")
    func responseTimeout() async throws {
        let listener = try UnansweredListener()
        let transport = CountingTransport(CurlTransport(server: "http://127.0.0.1:\(listener.port)"))
        let client = KubernetesClient(
            transport: transport, retryPolicy: RetryPolicy(maxAttempts: 2, initialDelay: .milliseconds(10)))
        let request = HTTPRequest(
            method: .post, target: RequestBuilder.path(.migPlan, namespace: EmulatorCRUDTests.namespace),
            headers: [HTTPHeader("Content-Type", "application/json")], body: Array(#"{"kind":"MigPlan"}"#.utf8),
            timeout: .seconds(1))
        do {
            _ = try await client.execute(request)
            Issue.record("a server that never answered answered")
        } catch KubeError.timeout {
        }
        #expect(transport.attempts == 1)
    }
}
