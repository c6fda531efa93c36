import Foundation
import MigsyncGit
import MigsyncTesting
import Testing

@Suite("HTTPS transport")
struct HTTPSTests {
    /// One test, in this order, because the trusted-CA setting is process-wide in libgit2: the
    /// refusal must be observed before the test's CA is trusted.
    @Test("an HTTPS server with a private CA is refused until that CA is trusted, then clones and pushes")
    func privateCertificateAuthority() async throws {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: try directory.subdirectory("served"))
        let authority = try TestCertificateAuthority()
        let server = try await SmartHTTPServer.start(
            basePath: directory.path + "/served", basicAuth: ("migsync", "tls-secret"),
            tls: (authority.serverCertificatePath, authority.serverKeyPath))
        defer { server.stop() }
        let url = server.url(for: served.name)
        let credentials = GitCredentials.userPassword(username: "migsync", password: "tls-secret")
        #expect(url.hasPrefix("https://localhost:"))

        let refused = #expect(throws: GitError.self) {
            try GitRepository.openOrCloneMirror(
                url: url, branch: "main", path: directory.path + "/refused.git", credentials: credentials)
        }
        #expect(refused?.description.lowercased().contains("certificate") == true)
        #expect(refused?.description.contains("tls-secret") == false)

        try GitTLS.useCertificateAuthorities(file: authority.certificatePath)
        let mirror = try GitRepository.openOrCloneMirror(
            url: url, branch: "main", path: directory.path + "/m.git", credentials: credentials)
        let tip = try mirror.resolve("refs/remotes/origin/main")
        #expect(tip.hex == (try served.head()))
        let commit = try mirror.commit(
            on: "main", parent: tip, changes: ["tls.txt": Array("ok".utf8)], message: "Over TLS",
            identity: GitIdentity(name: "m", email: "m@x"))
        try mirror.push(url: url, refspecs: ["refs/heads/main:refs/heads/main"], credentials: credentials)
        #expect(try served.served() == commit.hex)
    }
}
