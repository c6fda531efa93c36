import Foundation
import KubeObjects
import MTCEmulator
import MigsyncTesting
import Testing

@Suite("Emulator authentication and TLS")
struct EmulatorAuthTests {
    @Test("with a token, requests without it get 401 Unauthorized; version and health stay open")
    func token() async throws {
        let fixture = try await EmulatorFixture.start(token: "s3cret-token")
        defer { Task { await fixture.stop() } }
        let anonymous = Curl()
        let denied = try await anonymous.request("GET", fixture.url.absoluteString + API.plans)
        #expect(denied.status == 401)
        #expect(denied.json?["reason"] == "Unauthorized")
        #expect(denied.json?["kind"] == "Status")
        #expect(!denied.text.contains("s3cret"))
        let wrong = try await Curl(bearerToken: "s3cret-tokeX").request("GET", fixture.url.absoluteString + API.plans)
        #expect(wrong.status == 401)
        #expect(try await anonymous.request("GET", fixture.url.absoluteString + "/version").status == 200)
        #expect(try await anonymous.request("GET", fixture.url.absoluteString + "/healthz").text == "ok")
        let allowed = try await fixture.request("GET", API.plans)
        #expect(allowed.status == 200)
        let kubeconfig = try String(contentsOfFile: fixture.kubeconfigPath, encoding: .utf8)
        #expect(kubeconfig.contains("token: \"s3cret-token\""))
    }

    @Test("TLS serves a certificate for 127.0.0.1 signed by the emulator's CA")
    func tls() async throws {
        let fixture = try await EmulatorFixture.start(tls: true)
        defer { Task { await fixture.stop() } }
        #expect(fixture.url.scheme == "https")
        let material = try #require(fixture.tls)
        let verified = try await Curl(caCertificatePath: material.caCertificatePath).request(
            "GET", fixture.url.absoluteString + "/version")
        #expect(verified.status == 200)
        // Without the CA the system trust store rejects the server.
        let unverified = try await Curl().request("GET", fixture.url.absoluteString + "/version")
        #expect(unverified.status == 0)
        #expect(unverified.exitCode != 0)
        let kubeconfig = try String(contentsOfFile: fixture.kubeconfigPath, encoding: .utf8)
        #expect(kubeconfig.contains("certificate-authority-data: "))
        #expect(kubeconfig.contains("server: \"https://127.0.0.1:"))
    }

    @Test("client certificates signed by the CA authenticate; others are refused")
    func clientCertificates() async throws {
        let fixture = try await EmulatorFixture.start(tls: true, clientCertificates: true)
        defer { Task { await fixture.stop() } }
        let material = try #require(fixture.tls)
        let withCertificate = Curl(
            caCertificatePath: material.caCertificatePath, clientCertificatePath: material.clientCertificatePath,
            clientKeyPath: material.clientKeyPath)
        #expect(try await withCertificate.request("GET", fixture.url.absoluteString + API.plans).status == 200)
        let withoutCertificate = Curl(caCertificatePath: material.caCertificatePath)
        let denied = try await withoutCertificate.request("GET", fixture.url.absoluteString + API.plans)
        #expect(denied.status == 401)

        // A certificate from another emulator's CA fails the handshake.
        let other = try await EmulatorFixture.start(tls: true, clientCertificates: true)
        defer { Task { await other.stop() } }
        let foreign = try #require(other.tls)
        let rejected = try await Curl(
            caCertificatePath: material.caCertificatePath, clientCertificatePath: foreign.clientCertificatePath,
            clientKeyPath: foreign.clientKeyPath
        ).request("GET", fixture.url.absoluteString + API.plans)
        #expect(rejected.status == 0)
    }

    @Test("stopping a TLS emulator returns while a client sits silent before its handshake")
    func stopWithStalledHandshake() async throws {
        let fixture = try await EmulatorFixture.start(tls: true)
        let stalled = try SilentConnection(port: try #require(fixture.url.port))
        let started = ContinuousClock.now
        await fixture.stop()
        #expect(ContinuousClock.now - started < .seconds(15))
        withExtendedLifetime(stalled) {}
    }

    @Test("a restarted TLS emulator reuses its CA")
    func reusesCertificateAuthority() async throws {
        let fixture = try await EmulatorFixture.start(tls: true)
        let material = try #require(fixture.tls)
        let before = try Data(contentsOf: URL(fileURLWithPath: material.caCertificatePath))
        let restarted = try await fixture.restart()
        defer { Task { await restarted.stop() } }
        let after = try Data(contentsOf: URL(fileURLWithPath: material.caCertificatePath))
        #expect(before == after)
        let response = try await Curl(caCertificatePath: material.caCertificatePath).request(
            "GET", restarted.url.absoluteString + "/version")
        #expect(response.status == 200)
    }
}
