import Foundation
import MigsyncGit
import MigsyncTesting
import Testing

@Suite("Credentials and secret redaction")
struct CredentialsTests {
    static let secret = "s3cr3t-t0ken-value"

    @Test(
        "credentials from the environment",
        arguments: [
            ([:], "none"),
            (["MIGSYNC_GIT_TOKEN": "tok"], "userPassword(username: git, password: ***)"),
            (
                ["MIGSYNC_GIT_USERNAME": "bot", "MIGSYNC_GIT_PASSWORD": "pw", "MIGSYNC_GIT_TOKEN": "tok"],
                "userPassword(username: bot, password: ***)"
            ),
        ] as [([String: String], String)])
    func fromEnvironment(environment: [String: String], expected: String) throws {
        #expect(try GitCredentials.fromEnvironment(environment).description == expected)
    }

    @Test("a password wins over a token, a token over a token file")
    func precedence() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("from-file\n\nignored\n", to: "token")
        #expect(
            try GitCredentials.fromEnvironment(["MIGSYNC_GIT_PASSWORD": "pw", "MIGSYNC_GIT_TOKEN": "tok"])
                == .userPassword(username: "git", password: "pw"))
        #expect(
            try GitCredentials.fromEnvironment(["MIGSYNC_GIT_TOKEN": "tok", "MIGSYNC_GIT_TOKEN_FILE": file])
                == .userPassword(username: "git", password: "tok"))
        #expect(
            try GitCredentials.fromEnvironment(["MIGSYNC_GIT_TOKEN_FILE": file, "MIGSYNC_GIT_USERNAME": "ci"])
                == .userPassword(username: "ci", password: "from-file"))
    }

    @Test("an SSH key from the environment picks up its public key and known_hosts")
    func sshFromEnvironment() throws {
        let directory = try TemporaryDirectory()
        let key = try directory.write("PRIVATE", to: "id_rsa")
        try directory.write("PUBLIC", to: "id_rsa.pub")
        let credentials = try GitCredentials.fromEnvironment([
            "MIGSYNC_GIT_SSH_KEY": key, "MIGSYNC_GIT_SSH_KNOWN_HOSTS": "/etc/kh",
            "MIGSYNC_GIT_SSH_PASSPHRASE": Self.secret,
            "MIGSYNC_GIT_TOKEN": "ignored",
        ])
        #expect(
            credentials
                == .sshKey(
                    username: nil, privateKeyPath: key, publicKeyPath: key + ".pub", passphrase: Self.secret,
                    knownHostsPath: "/etc/kh"))
        #expect(!credentials.description.contains(Self.secret))
        #expect(credentials.description.contains("/etc/kh"))
    }

    @Test("an unreadable token file is an error that names the file, not its contents")
    func unreadableTokenFile() throws {
        let error = #expect(throws: GitError.self) {
            try GitCredentials.fromEnvironment(["MIGSYNC_GIT_TOKEN_FILE": "/nonexistent/token"])
        }
        #expect(error?.description.contains("/nonexistent/token") == true)
    }

    @Test(
        "descriptions and redaction never show a secret",
        arguments: [
            "https://bot:\(secret)@git.example.com/org/repo.git",
            "https://\(secret)@git.example.com/org/repo.git",
            "failed to fetch http://user:\(secret)@host:8080/x: 401; retry with \(secret)",
        ])
    func redaction(text: String) {
        let redacted = Redaction.redact(text, secrets: [Self.secret])
        #expect(!redacted.contains(Self.secret))
        #expect(redacted.contains("***"))
        #expect(!GitCredentials.userPassword(username: "u", password: Self.secret).description.contains(Self.secret))
    }

    @Test("URL redaction keeps the user name and hides the password or token")
    func urlRedaction() {
        #expect(Redaction.redactURL("https://bot:\(Self.secret)@h/r.git") == "https://bot:***@h/r.git")
        #expect(Redaction.redactURL("https://\(Self.secret)@h/r.git") == "https://***@h/r.git")
        #expect(Redaction.redactURL("ssh://git@h:2222/r.git") == "ssh://git@h:2222/r.git")
        #expect(
            Redaction.redactURL("see http://a:b@h1/x and https://c:d@h2/y")
                == "see http://a:***@h1/x and https://c:***@h2/y")
    }

    @Test(
        "secrets embedded in a URL are found",
        arguments: [
            ("https://bot:pw@h/r", ["pw"]), ("https://tok@h/r", ["tok"]), ("ssh://git@h/r", []), ("http://h/r", []),
            ("git://h:9418/r", []),
        ] as [(String, [String])])
    func secretsInURL(url: String, expected: [String]) {
        #expect(Redaction.secrets(inURL: url) == expected)
    }

    @Test("an unreachable URL with an embedded token fails without showing the token")
    func unreachableEmbeddedToken() throws {
        let directory = try TemporaryDirectory()
        let repository = try GitRepository.create(path: directory.path + "/m.git", bare: true)
        let port = try LoopbackPort.free()
        for url in [
            "http://bot:\(Self.secret)@127.0.0.1:\(port)/r.git", "http://\(Self.secret)@127.0.0.1:\(port)/r.git",
        ] {
            let error = #expect(throws: GitError.self) { try repository.fetchBranch(url: url, branch: "main") }
            #expect(error.map { !String(describing: $0).contains(Self.secret) } == true)
            #expect(error.map { String(describing: $0).contains("127.0.0.1") } == true)
        }
    }

    @Test("redaction keeps URLs without secrets intact")
    func redactionKeepsPlainURLs() {
        for url in ["https://git.example.com/org/repo.git", "ssh://git@host:22/repo.git", "git://127.0.0.1:9418/x"] {
            #expect(Redaction.redact(url) == url)
        }
    }

    @Test("wrong HTTP credentials fail as an authentication error that never shows the secret")
    func wrongHTTPCredentials() async throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: try directory.subdirectory("served"))
        let server = try await SmartHTTPServer.start(
            basePath: directory.path + "/served", basicAuth: ("migsync", "right-password"))
        defer { server.stop() }
        let repository = try GitRepository.create(path: directory.path + "/m.git", bare: true)

        let cases: [(url: String, credentials: GitCredentials)] = [
            (server.url(for: served.name), .userPassword(username: "migsync", password: Self.secret)),
            (server.url(for: served.name, username: "migsync", password: Self.secret), .none),
            (server.url(for: served.name), .none),
        ]
        for (url, credentials) in cases {
            let error = #expect(throws: GitError.self) {
                try repository.fetchBranch(url: url, branch: "main", credentials: credentials)
            }
            guard case .authenticationFailed(let reportedURL) = error else {
                Issue.record("expected authenticationFailed, got \(String(describing: error))")
                continue
            }
            #expect(!reportedURL.contains(Self.secret))
            #expect(!String(describing: error).contains(Self.secret))
        }
    }

    @Test("right HTTP credentials fetch and push")
    func rightHTTPCredentials() async throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: try directory.subdirectory("served"))
        let server = try await SmartHTTPServer.start(
            basePath: directory.path + "/served", basicAuth: ("migsync", Self.secret))
        defer { server.stop() }
        let credentials = GitCredentials.userPassword(username: "migsync", password: Self.secret)
        let url = server.url(for: served.name)

        let mirror = try GitRepository.openOrCloneMirror(
            url: url, branch: "main", path: directory.path + "/m.git", credentials: credentials)
        let tip = try mirror.resolve("refs/remotes/origin/main")
        #expect(tip.hex == (try served.head()))
        #expect(try mirror.remoteBranchHead(url: url, branch: "main", credentials: credentials) == tip)
        // Listing and fetching on one connection authenticate once for both.
        let moved = try served.commitAndPush(files: ["t": "t\n"], message: "T")
        let references = try mirror.fetchMoved(
            url: url, wanted: ["refs/heads/main": "refs/remotes/origin/main"], credentials: credentials)
        #expect(references["refs/heads/main"]?.hex == moved)
        let fetched = try mirror.resolve("refs/remotes/origin/main")
        #expect(fetched.hex == moved)
        let commit = try mirror.commit(
            on: "main", parent: fetched, changes: ["s": Array("s".utf8)], message: "S",
            identity: GitIdentity(name: "m", email: "m@x"))
        try mirror.push(url: url, refspecs: ["refs/heads/main:refs/heads/main"], credentials: credentials)
        #expect(try served.served() == commit.hex)
        // A URL with the credentials embedded works too and is not written to disk.
        let embedded = server.url(for: served.name, username: "migsync", password: Self.secret)
        #expect(try mirror.remoteBranchHead(url: embedded, branch: "main") == commit)
        let config = try String(contentsOfFile: mirror.path + "/config", encoding: .utf8)
        #expect(!config.contains(Self.secret))
    }
}

@Suite("SSH transport", .enabled(if: SSHServer.isAvailable, "needs sshd and root"))
struct SSHTransportTests {
    struct Setup {
        let directory: TemporaryDirectory
        let served: ServedRepository
        let server: SSHServer

        init() async throws {
            directory = try TemporaryDirectory()
            served = try ServedRepository(basePath: try directory.subdirectory("served"))
            server = try await SSHServer.start(basePath: directory.path + "/served")
        }

        func credentials(knownHosts: String, key: String? = nil) -> GitCredentials {
            .sshKey(
                username: nil, privateKeyPath: key ?? server.clientKeyPath,
                publicKeyPath: (key ?? server.clientKeyPath) + ".pub",
                passphrase: nil, knownHostsPath: knownHosts)
        }
    }

    @Test("a mirror clones, fetches and pushes over ssh:// with a key and a known host", arguments: [false, true])
    func cloneOverSSH(hashedKnownHosts: Bool) async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        let knownHosts = try setup.server.writeKnownHosts(
            to: setup.directory.path + "/known_hosts", hashed: hashedKnownHosts)
        let credentials = setup.credentials(knownHosts: knownHosts)
        let url = setup.server.url(for: setup.served.name)

        let mirror = try GitRepository.openOrCloneMirror(
            url: url, branch: "main", path: setup.directory.path + "/m.git", credentials: credentials)
        #expect(try mirror.resolve("refs/remotes/origin/main").hex == (try setup.served.head()))

        let pushed = try setup.served.commitAndPush(files: ["a": "a\n"], message: "A")
        #expect(try mirror.remoteBranchHead(url: url, branch: "main", credentials: credentials)?.hex == pushed)
        #expect(try mirror.fetchBranch(url: url, branch: "main", credentials: credentials).hex == pushed)
        let commit = try mirror.commit(
            on: "main", parent: try mirror.resolve("refs/remotes/origin/main"), changes: ["b": Array("b".utf8)],
            message: "B", identity: GitIdentity(name: "m", email: "m@x"))
        try mirror.push(url: url, refspecs: ["refs/heads/main:refs/heads/main"], credentials: credentials)
        #expect(try setup.served.served() == commit.hex)
    }

    @Test(
        "an unknown or changed host key stops the connection before authenticating",
        arguments: ["unknown", "changed", "missing-file"])
    func hostKeyRejected(situation: String) async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        let knownHosts = setup.directory.path + "/known_hosts"
        switch situation {
        case "unknown": try setup.directory.write("other.example.com \(setup.server.hostKey)\n", to: "known_hosts")
        case "changed": try setup.server.writeKnownHosts(to: knownHosts, key: setup.server.otherHostKey)
        default: break
        }
        let repository = try GitRepository.create(path: setup.directory.path + "/m.git", bare: true)

        let error = #expect(throws: GitError.self) {
            try repository.fetchBranch(
                url: setup.server.url(for: setup.served.name), branch: "main",
                credentials: setup.credentials(knownHosts: knownHosts))
        }

        guard case .hostKeyRejected(let host, let reason) = error else {
            Issue.record("expected hostKeyRejected, got \(String(describing: error))")
            return
        }
        #expect(host == "127.0.0.1")
        #expect(reason.contains(knownHosts))
        #expect(!setup.server.output.contains("Accepted publickey"))
    }

    @Test("a key the server does not accept is an authentication error")
    func wrongKey() async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        let knownHosts = try setup.server.writeKnownHosts(to: setup.directory.path + "/known_hosts")
        let repository = try GitRepository.create(path: setup.directory.path + "/m.git", bare: true)
        let url = setup.server.url(for: setup.served.name)

        #expect(throws: GitError.authenticationFailed(url: url)) {
            try repository.fetchBranch(
                url: url, branch: "main",
                credentials: setup.credentials(knownHosts: knownHosts, key: setup.server.strangerKeyPath))
        }
    }
}
