import Foundation

/// A real OpenSSH server on loopback that serves Git repositories over `ssh://`, accepting one
/// generated client key, with a generated host key and ready-made known_hosts files.
///
/// Keys are RSA in PEM form, the format every libssh2 build (which libgit2 uses for SSH) can
/// read; other key types depend on how libssh2 was built.
public final class SSHServer: Sendable {
    public let port: Int
    /// The folder `url(for:)` names repositories under.
    public let basePath: String
    /// The account sshd lets the client key log in as (the user running the tests).
    public let user: String
    /// The private key sshd accepts, and its `.pub`.
    public let clientKeyPath: String
    public var clientPublicKeyPath: String { clientKeyPath + ".pub" }
    /// A key sshd does not accept, for authentication-failure tests.
    public let strangerKeyPath: String
    /// The server's public host key line (`ssh-rsa AAAA…`).
    public let hostKey: String
    private let directory: TemporaryDirectory
    private let process: ServerProcess

    public static let executable = "/usr/sbin/sshd"

    private init(
        port: Int, basePath: String, user: String, clientKeyPath: String, strangerKeyPath: String, hostKey: String,
        directory: TemporaryDirectory, process: ServerProcess
    ) {
        self.port = port
        self.basePath = basePath
        self.user = user
        self.clientKeyPath = clientKeyPath
        self.strangerKeyPath = strangerKeyPath
        self.hostKey = hostKey
        self.directory = directory
        self.process = process
    }

    /// Whether this machine can run the server (sshd installed and tests running as root, which
    /// sshd needs to switch to the logged-in user).
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: executable) && getuid() == 0
    }

    /// Generates keys, starts sshd on a free loopback port and waits until it accepts connections.
    public static func start(basePath: String) async throws -> SSHServer {
        guard isAvailable else {
            throw TestSetupError("sshd needs \(executable) and root; run scripts/install-deps.sh")
        }
        let directory = try TemporaryDirectory(prefix: "migsync-sshd")
        let keygen = "/usr/bin/ssh-keygen"
        for name in ["host", "client", "stranger"] {
            try Subprocess.checked(
                keygen,
                ["-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-C", name, "-f", "\(directory.path)/\(name)"])
        }
        try FileManager.default.copyItem(
            atPath: "\(directory.path)/client.pub", toPath: "\(directory.path)/authorized_keys")
        // sshd refuses to start without its privilege-separation directory.
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let user = ProcessInfo.processInfo.environment["USER"] ?? "root"
        let (port, process) = try LoopbackPort.startServer("sshd") { port in
            let config = try directory.write(
                """
                Port \(port)
                ListenAddress 127.0.0.1
                HostKey \(directory.path)/host
                PidFile \(directory.path)/sshd.pid
                AuthorizedKeysFile \(directory.path)/authorized_keys
                StrictModes no
                UsePAM no
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PubkeyAuthentication yes
                PermitRootLogin prohibit-password
                HostKeyAlgorithms +ssh-rsa
                PubkeyAcceptedAlgorithms +ssh-rsa
                LogLevel VERBOSE

                """,
                to: "sshd_config"
            )
            return try ServerProcess(executable: executable, arguments: ["-D", "-e", "-f", config])
        }
        let hostKey = try String(contentsOfFile: "\(directory.path)/host.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        return SSHServer(
            port: port, basePath: basePath, user: user == "" ? "root" : user,
            clientKeyPath: "\(directory.path)/client", strangerKeyPath: "\(directory.path)/stranger", hostKey: hostKey,
            directory: directory, process: process)
    }

    /// `ssh://<user>@127.0.0.1:<port><basePath>/<name>`.
    public func url(for name: String) -> String { "ssh://\(user)@127.0.0.1:\(port)\(basePath)/\(name)" }

    /// Writes a known_hosts file for this server.
    ///
    /// - Parameters:
    ///   - hashed: write the host name hashed (`ssh-keygen -H`), as many distributions do.
    ///   - key: the key line to record; defaults to the real host key (pass another key line to
    ///     simulate a changed host key).
    /// - Returns: the file's path.
    @discardableResult
    public func writeKnownHosts(to path: String, hashed: Bool = false, key: String? = nil) throws -> String {
        let line = "[127.0.0.1]:\(port) \(key ?? hostKey)\n"
        try Data(("# test known_hosts\n" + line).utf8).write(to: URL(fileURLWithPath: path))
        if hashed {
            try Subprocess.checked("/usr/bin/ssh-keygen", ["-q", "-H", "-f", path])
            try? FileManager.default.removeItem(atPath: path + ".old")
        }
        return path
    }

    /// A public key line that is not this server's host key.
    public var otherHostKey: String {
        (try? String(contentsOfFile: "\(directory.path)/stranger.pub", encoding: .utf8))
            .map { $0.split(separator: " ").prefix(2).joined(separator: " ") } ?? "ssh-rsa AAAA"
    }

    /// What sshd logged (authentication decisions).
    public var output: String { process.output }

    public func stop() { process.stop() }
}
