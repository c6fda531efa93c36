import InMemoryLogging
import KubeObjects
import Logging
import MigsyncTesting
import Testing

@testable import KubernetesClient

@Suite("secrets stay out of errors and logs")
struct SecretHandlingTests {
    static let token = "sha256~very-secret-token-0123456789"

    /// A server that puts whatever it received (Authorization header included) into its
    /// error messages: the worst case for leaking a credential.
    static func echoingStatus(_ code: Int) -> ScriptedTransport.Step {
        .echo { request in
            let echoed = request.headers.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            return .json(
                code, #"{"kind":"Status","code":\#(code),"message":"request had \#(echoed)"}"#,
                headers: ["retry-after": "0"])
        }
    }

    @Test("an echoed bearer token is scrubbed from the error and every log line, at trace level")
    func bearerToken() async throws {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "test", factory: { _ in handler })
        logger.logLevel = .trace
        let transport = ScriptedTransport([
            Self.echoingStatus(429), Self.echoingStatus(503), Self.echoingStatus(401),
        ])
        let client = KubernetesClient(
            transport: transport, credentials: .bearerToken(SecretString(Self.token)), logger: logger,
            sleep: { _ in })
        let error = await #expect(throws: KubeError.self) {
            try await client.get(.migPlan, namespace: "ns", name: "p")
        }
        // The token did go on the wire...
        #expect(transport.requests.allSatisfy { $0.header("Authorization") == "Bearer \(Self.token)" })
        // ...and nowhere else.
        let errorText = "\(String(describing: error)) \(String(reflecting: error))"
        #expect(errorText.contains("<redacted>"))
        #expect(!errorText.contains(Self.token))
        #expect(handler.entries.count >= 4)
        for entry in handler.entries {
            #expect(!"\(entry.message) \(entry.metadata)".contains(Self.token))
        }
    }

    @Test("a token file's content and a basic-auth password are scrubbed too")
    func tokenFileAndPassword() async throws {
        let directory = try TemporaryDirectory(prefix: "kube-token")
        let tokenPath = try directory.write("file-token-abcdef123\n", to: "token")
        for (credentials, secret) in [
            (Credentials.tokenFile(tokenPath), "file-token-abcdef123"),
            (.basic(username: "admin", password: SecretString("p4ssw0rd-secret")), "p4ssw0rd-secret"),
        ] {
            let transport = ScriptedTransport([
                .echo { request in
                    // Basic credentials travel base64-encoded; echo them decoded, as a proxy might log.
                    let header = request.header("Authorization") ?? ""
                    let shown = header.hasPrefix("Basic ") ? "admin:p4ssw0rd-secret" : header
                    return .json(403, #"{"kind":"Status","code":403,"message":"denied for \#(shown)"}"#)
                }
            ])
            let client = KubernetesClient(transport: transport, credentials: credentials, sleep: { _ in })
            let error = await #expect(throws: KubeError.self) { try await client.get(.namespace, name: "x") }
            #expect(!"\(String(describing: error))".contains(secret))
            #expect("\(String(describing: error))".contains("<redacted>"))
        }
    }
}
