public import Foundation

/// Makes HTTP requests with the `curl` command line, for tests of servers (the emulator, the
/// daemon's endpoints) that should not depend on the client under test.
public struct Curl: Sendable {
    /// TLS and credential options for every request.
    public var caCertificatePath: String?
    public var clientCertificatePath: String?
    public var clientKeyPath: String?
    public var bearerToken: String?

    public init(
        caCertificatePath: String? = nil, clientCertificatePath: String? = nil, clientKeyPath: String? = nil,
        bearerToken: String? = nil
    ) {
        self.caCertificatePath = caCertificatePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.bearerToken = bearerToken
    }

    public struct Response: Sendable, CustomStringConvertible {
        /// The HTTP status, or 0 when no response arrived (connection or TLS failure).
        public var status: Int
        public var body: Data
        public var contentType: String
        /// curl's own exit code (non-zero for connection and handshake failures).
        public var exitCode: Int32
        public var errorOutput: String

        public var text: String { String(decoding: body, as: UTF8.self) }
        public var description: String { "HTTP \(status) (curl exit \(exitCode)) \(text) \(errorOutput)" }
    }

    /// Sends one request and waits for the whole response.
    public func request(
        _ method: String, _ url: String, body: Data? = nil, contentType: String = "application/json",
        headers: [String: String] = [:], timeout: Int = 30
    ) async throws -> Response {
        let scratch = try TemporaryDirectory(prefix: "migsync-curl")
        var arguments =
            baseArguments + [
                "-sS", "-X", method, "-o", "\(scratch.path)/body", "-w", "%{http_code}\n%{content_type}",
                "--max-time", String(timeout),
            ]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        if let body {
            try body.write(to: URL(fileURLWithPath: "\(scratch.path)/request"))
            arguments += ["-H", "Content-Type: \(contentType)", "--data-binary", "@\(scratch.path)/request"]
        }
        arguments.append(url)
        let result = try await CommandRunner.run("/usr/bin/curl", arguments, timeout: .seconds(timeout + 5))
        let (stdout, stderr, code) = (result.stdout, result.stderr, result.exitCode)
        let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let responseBody = (try? Data(contentsOf: URL(fileURLWithPath: "\(scratch.path)/body"))) ?? Data()
        return Response(
            status: Int(lines.first ?? "") ?? 0, body: responseBody,
            contentType: lines.count > 1 ? String(lines[1]) : "", exitCode: code, errorOutput: stderr)
    }

    /// Starts a streaming request (a watch); its output accumulates in the returned process.
    public func stream(_ url: String, headers: [String: String] = [:]) throws -> ServerProcess {
        var arguments = baseArguments + ["-sS", "-N"]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        arguments.append(url)
        return try ServerProcess(executable: "/usr/bin/curl", arguments: arguments)
    }

    private var baseArguments: [String] {
        var arguments: [String] = []
        if let caCertificatePath { arguments += ["--cacert", caCertificatePath] }
        if let clientCertificatePath { arguments += ["--cert", clientCertificatePath] }
        if let clientKeyPath { arguments += ["--key", clientKeyPath] }
        if let bearerToken { arguments += ["-H", "Authorization: Bearer \(bearerToken)"] }
        return arguments
    }
}
