import Foundation
import KubeObjects
import MigsyncTesting
import Testing

@testable import KubernetesClient

/// HTTPS, certificate verification and authentication against the emulator.
@Suite("TLS and authentication against the emulator")
struct EmulatorTLSTests {
    static let token = "emulator-token-0123456789"

    @Test("HTTPS with the kubeconfig's CA data and a bearer token")
    func tokenOverHTTPS() async throws {
        let emulator = try await EmulatorFixture.start(tls: true, token: Self.token)
        #expect(emulator.url.scheme == "https")
        let config = try KubeConfig.load(path: emulator.kubeconfigPath)
        guard case .data? = config.certificateAuthority else {
            Issue.record("expected inline CA data in \(config)")
            return
        }
        let client = KubernetesClient(config: config)
        _ = try await client.create(EmulatorCRUDTests.plan("secure"))
        #expect(try await client.get(.migPlan, namespace: EmulatorCRUDTests.namespace, name: "secure").name == "secure")
    }

    @Test("without credentials, or with a wrong token, the server answers 401")
    func unauthorized() async throws {
        let emulator = try await EmulatorFixture.start(tls: true, token: Self.token)
        let bare = try KubeConfig.load(path: try emulator.writeKubeconfig(credentials: .none, name: "bare.yaml"))
        #expect(bare.token == nil && bare.clientCertificate == nil)
        var wrong = bare
        wrong.token = SecretString("not-the-token")
        for config in [bare, wrong] {
            // The default policy: a 401 must end the request at once all the same.
            let client = KubernetesClient(config: config)
            do {
                _ = try await client.list(.migPlan)
                Issue.record("listed without valid credentials")
            } catch KubeError.unauthorized(let message) {
                #expect(!message.contains("not-the-token"))
            }
        }
    }

    @Test("a client certificate authenticates, as inline data or as files")
    func clientCertificate() async throws {
        let emulator = try await EmulatorFixture.start(tls: true, clientCertificates: true)
        let path = try emulator.writeKubeconfig(credentials: .clientCertificate, name: "cert.yaml")
        let inline = try KubeConfig.load(path: path)
        guard case .data? = inline.clientCertificate, case .data? = inline.clientKey else {
            Issue.record("expected inline certificate and key")
            return
        }
        _ = try await KubernetesClient(config: inline).list(.migPlan)

        let tls = try #require(emulator.tls)
        var files = inline
        files.certificateAuthority = .file(tls.caCertificatePath)
        files.clientCertificate = .file(tls.clientCertificatePath)
        files.clientKey = .file(tls.clientKeyPath)
        _ = try await KubernetesClient(config: files).list(.migPlan)

        let none = try KubeConfig.load(path: try emulator.writeKubeconfig(credentials: .none, name: "none.yaml"))
        await #expect(throws: KubeError.unauthorized(message: "Unauthorized")) {
            try await KubernetesClient(config: none, retryPolicy: .none).list(.migPlan)
        }
    }

    @Test("a server certificate from another CA is rejected; insecure-skip-tls-verify accepts it")
    func verifiesTheCA() async throws {
        let server = try await EmulatorFixture.start(tls: true, token: Self.token)
        let other = try await EmulatorFixture.start(tls: true, token: Self.token)
        var config = try KubeConfig.load(path: server.kubeconfigPath)
        config.certificateAuthority = try KubeConfig.load(path: other.kubeconfigPath).certificateAuthority
        let client = KubernetesClient(config: config, retryPolicy: .none)
        do {
            _ = try await client.list(.migPlan)
            Issue.record("a server signed by another CA was trusted")
        } catch KubeError.transport(let failure) {
            #expect(failure.kind == .tls, "\(failure)")
        }

        // With no CA at all, the system store does not know the emulator's CA either.
        var systemTrust = config
        systemTrust.certificateAuthority = nil
        await #expect(throws: KubeError.self) {
            try await KubernetesClient(config: systemTrust, retryPolicy: .none).list(.migPlan)
        }

        var insecure = systemTrust
        insecure.insecureSkipTLSVerify = true
        _ = try await KubernetesClient(config: insecure).list(.migPlan)
    }
}

extension EmulatorTLSTests {
    @Test("tls-server-name verifies the certificate for that name while connecting to the URL's host")
    func serverName() async throws {
        let emulator = try await EmulatorFixture.start(tls: true, token: Self.token)
        var config = try KubeConfig.load(path: emulator.kubeconfigPath)
        #expect(config.server.contains("127.0.0.1"))
        config.tlsServerName = "localhost"
        _ = try await KubernetesClient(config: config).list(.migPlan)
        config.tlsServerName = "not-in-the-certificate.example"
        do {
            _ = try await KubernetesClient(config: config, retryPolicy: .none).list(.migPlan)
            Issue.record("a certificate without the name was accepted")
        } catch KubeError.transport(let failure) {
            #expect(failure.kind == .tls, "\(failure)")
        }
    }
}
