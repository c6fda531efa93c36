import Foundation
import MigsyncTesting
import Testing

@testable import MigsyncGit

@Suite("known_hosts matching")
struct KnownHostsTests {
    @Test(
        "host patterns",
        arguments: [
            ("example.com", "example.com", true),
            ("EXAMPLE.com", "example.com", true),
            ("a.example.com,example.com", "example.com", true),
            ("*.example.com", "git.example.com", true),
            ("*.example.com", "example.com", false),
            ("git?.example.com", "git1.example.com", true),
            ("*.example.com,!bad.example.com", "bad.example.com", false),
            ("[127.0.0.1]:2222", "[127.0.0.1]:2222", true),
            ("[127.0.0.1]:2222", "127.0.0.1", false),
        ] as [(String, String, Bool)]
    )
    func patterns(patterns: String, name: String, expected: Bool) {
        #expect(KnownHosts.matches(hostPatterns: patterns, name: name) == expected)
    }

    @Test(
        "ports in SSH URLs",
        arguments: [
            ("ssh://git@host/repo.git", 22), ("ssh://git@host:2222/repo.git", 2222), ("ssh://[::1]:2200/r", 2200),
            ("git@host:org/repo.git", 22), ("ssh://host:/r", 22),
        ] as [(String, Int)]
    )
    func ports(url: String, expected: Int) {
        #expect(KnownHosts.port(inURL: url) == expected)
    }

    @Test("a hashed entry written by ssh-keygen -H matches its host and no other")
    func hashedEntry() throws {
        let directory = try TemporaryDirectory()
        let key = Array("raw host key bytes".utf8)
        let encoded = Data(key).base64EncodedString()
        let file = try directory.write("git.example.com ssh-ed25519 \(encoded)\n", to: "known_hosts")
        try Subprocess.checked("/usr/bin/ssh-keygen", ["-q", "-H", "-f", file])
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("|1|"))

        #expect(KnownHosts.verify(host: "git.example.com", port: 22, key: key, knownHostsPath: file) == .trusted)
        guard case .rejected = KnownHosts.verify(host: "other.example.com", port: 22, key: key, knownHostsPath: file)
        else {
            Issue.record("an unlisted host was trusted")
            return
        }
    }

    @Test("a changed key and a revoked key are refused, with different reasons")
    func changedAndRevoked() throws {
        let directory = try TemporaryDirectory()
        let good = Array("good".utf8)
        let other = Array("other".utf8)
        let file = try directory.write(
            """
            # comment
            git.example.com ssh-rsa \(Data(good).base64EncodedString())
            @revoked * ssh-rsa \(Data(other).base64EncodedString())

            """, to: "known_hosts")

        #expect(KnownHosts.verify(host: "git.example.com", port: 22, key: good, knownHostsPath: file) == .trusted)
        let changed = KnownHosts.verify(host: "git.example.com", port: 22, key: Array("new".utf8), knownHostsPath: file)
        #expect(
            changed == .rejected("the host key does not match the one recorded in \(file) (possible man-in-the-middle)")
        )
        let revoked = KnownHosts.verify(host: "git.example.com", port: 22, key: other, knownHostsPath: file)
        #expect(revoked == .rejected("the host key is marked @revoked in \(file)"))
    }

    @Test(
        "SHA-1 and HMAC-SHA1 match the published test vectors",
        arguments: [
            ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
            ),
        ] as [(String, String)]
    )
    func sha1(message: String, expected: String) {
        #expect(hex(SHA1.hash(Array(message.utf8))) == expected)
    }

    @Test("HMAC-SHA1 matches RFC 2202")
    func hmac() {
        #expect(
            hex(SHA1.hmac(key: [UInt8](repeating: 0x0B, count: 20), message: Array("Hi There".utf8)))
                == "b617318655057264e28bc0b6fb378c8ef146be00")
        #expect(
            hex(SHA1.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        #expect(
            hex(
                SHA1.hmac(
                    key: [UInt8](repeating: 0xAA, count: 80),
                    message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "aa4ae5e15272d00e95705637ce8a3b55ed402112")
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
