import Foundation
import KubernetesClient

/// A transport that answers from a script and records what it was asked, for the pure-logic
/// tests of retries and error decoding (everything else runs against the emulator).
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    enum Step {
        case respond(HTTPResponse)
        case fail(KubeError)
        /// Answers with a body built from the request (e.g. echoing a header back).
        case echo((HTTPRequest) -> HTTPResponse)
    }

    private let lock = NSLock()
    private var steps: [Step]
    private var recorded: [HTTPRequest] = []

    init(_ steps: [Step]) {
        self.steps = steps
    }

    var requests: [HTTPRequest] { lock.withLock { recorded } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let step = lock.withLock { () -> Step? in
            recorded.append(request)
            return steps.isEmpty ? nil : steps.removeFirst()
        }
        switch step {
        case .respond(let response)?: return response
        case .fail(let error)?: throw error
        case .echo(let make)?: return make(request)
        case nil: throw KubeError.transport(TransportFailure(kind: .other, message: "script exhausted"))
        }
    }

    func stream(_ request: HTTPRequest, onData: @escaping @Sendable ([UInt8]) -> Bool) async throws -> HTTPResponse {
        let response = try await send(request)
        if response.isSuccess {
            _ = onData(response.body)
            return HTTPResponse(status: response.status, headers: response.headers)
        }
        return response
    }
}

/// Records the delays a client asked to sleep for, without sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Duration] = []

    var delays: [Duration] { lock.withLock { recorded } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] duration in lock.withLock { recorded.append(duration) } }
    }
}

extension HTTPResponse {
    static func json(_ status: Int, _ text: String, headers: [String: String] = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(text.utf8))
    }
}
