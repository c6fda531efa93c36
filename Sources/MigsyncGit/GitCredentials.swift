import Foundation

/// How to authenticate to a remote.
///
/// ``description`` never shows a password, token or passphrase, so a value can be logged or
/// interpolated into an error safely.
public enum GitCredentials: Sendable, Equatable, CustomStringConvertible {
    /// Anonymous access (public repositories, `file://`, `git://`); SSH host keys are still
    /// checked against `~/.ssh/known_hosts`.
    case none
    /// HTTP(S) basic authentication; for token-based hosts the token is the password.
    case userPassword(username: String, password: String)
    /// SSH public-key authentication.
    ///
    /// - Parameters:
    ///   - username: the SSH user; `nil` uses the user in the URL, else `git`.
    ///   - publicKeyPath: `nil` lets libssh2 derive the public key from the private key.
    ///   - knownHostsPath: the known_hosts file the server's host key must be listed in;
    ///     `nil` means `~/.ssh/known_hosts`. Unknown or mismatching keys are refused.
    case sshKey(
        username: String?,
        privateKeyPath: String,
        publicKeyPath: String?,
        passphrase: String?,
        knownHostsPath: String?
    )

    /// Environment variables ``fromEnvironment(_:)`` reads.
    public enum EnvironmentKey {
        public static let username = "MIGSYNC_GIT_USERNAME"
        public static let password = "MIGSYNC_GIT_PASSWORD"
        public static let token = "MIGSYNC_GIT_TOKEN"
        public static let tokenFile = "MIGSYNC_GIT_TOKEN_FILE"
        public static let sshKey = "MIGSYNC_GIT_SSH_KEY"
        public static let sshPassphrase = "MIGSYNC_GIT_SSH_PASSPHRASE"
        public static let sshKnownHosts = "MIGSYNC_GIT_SSH_KNOWN_HOSTS"
    }

    /// Reads credentials from the environment, so that secrets never need to be on a command
    /// line or in a committed file.
    ///
    /// - `MIGSYNC_GIT_SSH_KEY` (private key path) selects SSH, with `MIGSYNC_GIT_USERNAME`,
    ///   `MIGSYNC_GIT_SSH_PASSPHRASE` and `MIGSYNC_GIT_SSH_KNOWN_HOSTS`; a `<key>.pub` next to
    ///   the key is used as the public key.
    /// - Otherwise `MIGSYNC_GIT_PASSWORD`, `MIGSYNC_GIT_TOKEN` or the first line of the file
    ///   named by `MIGSYNC_GIT_TOKEN_FILE` (in that order) selects HTTP(S) basic
    ///   authentication, with `MIGSYNC_GIT_USERNAME` (default `git`; hosts that take a token
    ///   as the password ignore the user name).
    /// - Otherwise ``none``.
    ///
    /// - Throws: ``GitError/invalidArgument(_:)`` naming the file (never its contents) when the
    ///   token file or SSH key cannot be read.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> GitCredentials
    {
        func value(_ key: String) -> String? {
            guard let text = environment[key], !text.isEmpty else { return nil }
            return text
        }
        if let key = value(EnvironmentKey.sshKey) {
            guard FileManager.default.isReadableFile(atPath: key) else {
                throw GitError.invalidArgument("\(EnvironmentKey.sshKey): cannot read the SSH key file \(key)")
            }
            let publicKey = key + ".pub"
            return .sshKey(
                username: value(EnvironmentKey.username),
                privateKeyPath: key,
                publicKeyPath: FileManager.default.isReadableFile(atPath: publicKey) ? publicKey : nil,
                passphrase: value(EnvironmentKey.sshPassphrase),
                knownHostsPath: value(EnvironmentKey.sshKnownHosts)
            )
        }
        let username = value(EnvironmentKey.username) ?? "git"
        if let password = value(EnvironmentKey.password) ?? value(EnvironmentKey.token) {
            return .userPassword(username: username, password: password)
        }
        if let file = value(EnvironmentKey.tokenFile) {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw GitError.invalidArgument("\(EnvironmentKey.tokenFile): cannot read the token file \(file)")
            }
            let token =
                String(decoding: data, as: UTF8.self)
                .split(whereSeparator: \.isNewline).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            guard !token.isEmpty else {
                throw GitError.invalidArgument("\(EnvironmentKey.tokenFile): the token file \(file) is empty")
            }
            return .userPassword(username: username, password: token)
        }
        return .none
    }

    /// The strings that must never appear in an error message or log line.
    var secrets: [String] {
        switch self {
        case .none:
            return []
        case .userPassword(_, let password):
            return [password]
        case .sshKey(_, _, _, let passphrase, _):
            return passphrase.map { [$0] } ?? []
        }
    }

    public var description: String {
        switch self {
        case .none:
            return "none"
        case .userPassword(let username, _):
            return "userPassword(username: \(username), password: \(Redaction.mask))"
        case .sshKey(let username, let privateKeyPath, _, let passphrase, let knownHostsPath):
            return "sshKey(username: \(username ?? "<from URL>"), privateKeyPath: \(privateKeyPath), "
                + "passphrase: \(passphrase == nil ? "none" : Redaction.mask), "
                + "knownHostsPath: \(knownHostsPath ?? "~/.ssh/known_hosts"))"
        }
    }
}
