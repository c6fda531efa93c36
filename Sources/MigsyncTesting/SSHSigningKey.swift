import Foundation

/// An SSH key pair made with `ssh-keygen` for signing commits in tests, and the line that
/// trusts it in an allowed-signers file.
public struct SSHSigningKey: Sendable {
    public let identity: String
    /// The private key file (Git's `user.signingkey` accepts it, or the `.pub` beside it).
    public let privateKeyPath: String
    public let publicKey: String

    public static func generate(identity: String, in directory: String) throws -> SSHSigningKey {
        let path = "\(directory)/\(identity.replacingOccurrences(of: "@", with: "_at_"))"
        let result = try Subprocess.run(
            "/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", identity, "-f", path])
        guard result.status == 0 else { throw TestSetupError("ssh-keygen failed: \(result.standardError)") }
        let publicKey = try String(contentsOfFile: path + ".pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return SSHSigningKey(identity: identity, privateKeyPath: path, publicKey: publicKey)
    }

    /// `identity namespaces="git" key`, one line of an allowed-signers file.
    public var allowedSignersLine: String { "\(identity) namespaces=\"git\" \(publicKey)" }
}
