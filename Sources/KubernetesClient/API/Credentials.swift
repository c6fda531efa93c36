import Foundation

/// How requests prove who they come from, beyond a TLS client certificate (which the
/// transport presents).
public enum Credentials: Sendable, Hashable {
    case none
    case bearerToken(SecretString)
    /// A token read from a file and re-read as it changes (projected service-account tokens
    /// rotate hourly).
    case tokenFile(String)
    case basic(username: String, password: SecretString)

    /// What `config` asks for: a static token first, then a token file, then basic auth.
    public init(config: KubeConfig) {
        if let token = config.token {
            self = .bearerToken(token)
        } else if let file = config.tokenFile {
            self = .tokenFile(file)
        } else if let username = config.username, let password = config.password {
            self = .basic(username: username, password: password)
        } else {
            self = .none
        }
    }
}

/// Produces the `Authorization` header for each request, caching a token file's content for
/// a minute so a rotated token is picked up without reading the file on every request.
final class Authorizer: @unchecked Sendable {
    // @unchecked: the cache is guarded by `lock`.
    private let credentials: Credentials
    private let lock = NSLock()
    private var cachedToken: (value: String, readAt: ContinuousClock.Instant)?
    private static let tokenFileRefresh: Duration = .seconds(60)

    init(credentials: Credentials) {
        self.credentials = credentials
    }

    /// The header value and the secret in it (for scrubbing), or `nil` without credentials.
    func authorization() throws -> (header: String, secret: String)? {
        switch credentials {
        case .none:
            return nil
        case .bearerToken(let token):
            return ("Bearer \(token.value)", token.value)
        case .basic(let username, let password):
            let encoded = Data("\(username):\(password.value)".utf8).base64EncodedString()
            return ("Basic \(encoded)", password.value)
        case .tokenFile(let path):
            let token = try fileToken(path)
            return ("Bearer \(token)", token)
        }
    }

    private func fileToken(_ path: String) throws -> String {
        let now = ContinuousClock.now
        if let cached = lock.withLock({ cachedToken }), now - cached.readAt < Self.tokenFileRefresh {
            return cached.value
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw KubeError.unauthorized(message: "cannot read token file \(path)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        lock.withLock { cachedToken = (token, now) }
        return token
    }
}
