import Foundation
import MigsyncTesting
import Testing

@testable import KubernetesClient

@Suite("kubeconfig resolution")
struct KubeConfigTests {
    @Test("current context selects server, CA data, token and namespace")
    func tokenWithInlineCA() throws {
        let config = try KubeConfig.load(path: Fixtures.path("kubeconfig/token-inline-ca.yaml"))
        #expect(config.server == "https://api.host.example:6443")
        #expect(config.contextName == "mtc-host")
        #expect(config.namespace == "openshift-migration")
        #expect(config.token?.value == "sha256~fixture-token-value")
        guard case .data(let ca)? = config.certificateAuthority else {
            Issue.record("expected inline CA data")
            return
        }
        #expect(String(decoding: ca, as: UTF8.self).contains("MIIBfixture-ca"))
        #expect(!config.insecureSkipTLSVerify)
        #expect(Credentials(config: config) == .bearerToken(SecretString("sha256~fixture-token-value")))
    }

    @Test("client certificate and key data are decoded from base64")
    func clientCertificateData() throws {
        let config = try KubeConfig.load(path: Fixtures.path("kubeconfig/client-cert-data.yaml"))
        guard case .data(let cert)? = config.clientCertificate, case .data(let key)? = config.clientKey else {
            Issue.record("expected inline certificate and key")
            return
        }
        #expect(String(decoding: cert, as: UTF8.self).hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(String(decoding: key, as: UTF8.self).contains("MIIEfixture-key"))
        #expect(config.token == nil)
        #expect(Credentials(config: config) == .none)
    }

    @Test("relative paths resolve against the kubeconfig's directory")
    func relativePaths() throws {
        let path = Fixtures.path("kubeconfig/relative-paths.yaml")
        let directory = (path as NSString).deletingLastPathComponent
        let config = try KubeConfig.load(path: path)
        #expect(config.server == "https://127.0.0.1:8443/")
        #expect(config.certificateAuthority == .file("\(directory)/certs/ca.crt"))
        #expect(config.clientCertificate == .file("\(directory)/certs/client.crt"))
        #expect(config.clientKey == .file("\(directory)/certs/client.key"))
    }

    struct ContextCase: Sendable, CustomTestStringConvertible {
        var context: String
        var server: String
        var namespace: String?
        var credentials: Credentials
        var insecure: Bool
        var testDescription: String { context }
    }

    @Test(
        "an explicit context overrides current-context",
        arguments: [
            ContextCase(
                context: "prod", server: "https://prod.example:443", namespace: "mtc",
                credentials: .tokenFile(Fixtures.path("kubeconfig/tokens/prod-token")), insecure: false),
            ContextCase(
                context: "insecure", server: "https://10.9.9.9:6443", namespace: nil,
                credentials: .basic(username: "admin", password: SecretString("fixture-password")), insecure: true),
        ])
    func explicitContext(_ testCase: ContextCase) throws {
        let config = try KubeConfig.load(
            path: Fixtures.path("kubeconfig/relative-paths.yaml"), context: testCase.context)
        #expect(config.server == testCase.server)
        #expect(config.namespace == testCase.namespace)
        #expect(Credentials(config: config) == testCase.credentials)
        #expect(config.insecureSkipTLSVerify == testCase.insecure)
    }

    @Test(
        "broken kubeconfigs fail with the reason",
        arguments: [
            ("no-current-context.yaml", nil as String?, "sets no current-context"),
            ("missing-user.yaml", nil, "user \"nobody\" is not in the kubeconfig"),
            ("missing-cluster.yaml", nil, "cluster \"gone\" is not in the kubeconfig"),
            ("key-without-certificate.yaml", nil, "client certificate without a key"),
            ("bad-base64.yaml", nil, "certificate-authority-data is not valid base64"),
            ("token-inline-ca.yaml", "absent", "context \"absent\" is not in the kubeconfig"),
        ])
    func brokenConfigs(file: String, context: String?, message: String) throws {
        let error = #expect(throws: KubeConfigError.self) {
            try KubeConfig.load(path: Fixtures.path("kubeconfig/\(file)"), context: context)
        }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test("an explicit path wins over KUBECONFIG and HOME, and must exist")
    func explicitPathWins() throws {
        let home = try homeWithConfig(copying: "second-file.yaml")
        let environment = [
            "KUBECONFIG": Fixtures.path("kubeconfig/relative-paths.yaml"), "HOME": home.path,
        ]
        let config = try KubeConfig.resolve(
            explicitPath: Fixtures.path("kubeconfig/token-inline-ca.yaml"), context: nil, environment: environment)
        #expect(config?.server == "https://api.host.example:6443")
        #expect(throws: KubeConfigError.fileNotFound(path: "/nonexistent/kubeconfig")) {
            try KubeConfig.resolve(explicitPath: "/nonexistent/kubeconfig", context: nil, environment: environment)
        }
    }

    @Test("KUBECONFIG files merge with the first file winning; missing entries are skipped")
    func kubeconfigListMerges() throws {
        let list = [
            "/nonexistent/first",
            Fixtures.path("kubeconfig/token-inline-ca.yaml"),
            Fixtures.path("kubeconfig/second-file.yaml"),
        ].joined(separator: ":")
        let current = try KubeConfig.resolve(explicitPath: nil, context: nil, environment: ["KUBECONFIG": list])
        #expect(current?.contextName == "mtc-host")
        #expect(current?.server == "https://api.host.example:6443")
        let other = try KubeConfig.resolve(explicitPath: nil, context: "other", environment: ["KUBECONFIG": list])
        #expect(other?.server == "https://other.example:6443")
        #expect(other?.token?.value == "other-token-value")
    }

    @Test("~/.kube/config is used when KUBECONFIG names no existing file")
    func homeConfig() throws {
        let home = try homeWithConfig(copying: "second-file.yaml")
        let config = try KubeConfig.resolve(
            explicitPath: nil, context: nil, environment: ["HOME": home.path, "KUBECONFIG": "/nonexistent/x"])
        #expect(config?.server == "https://other.example:6443")
    }

    @Test("in-cluster service account: host, port, CA, token file, namespace")
    func inCluster() throws {
        let root = try TemporaryDirectory(prefix: "sa")
        try root.write("token-value-abc\n", to: "token")
        try root.write("-----BEGIN CERTIFICATE-----\n", to: "ca.crt")
        try root.write("openshift-migration\n", to: "namespace")
        let environment = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let config = try #require(
            try KubeConfig.resolve(explicitPath: nil, context: nil, environment: environment, inClusterRoot: root.path))
        #expect(config.server == "https://10.96.0.1:443")
        #expect(config.certificateAuthority == .file("\(root.path)/ca.crt"))
        #expect(config.tokenFile == "\(root.path)/token")
        #expect(config.namespace == "openshift-migration")

        let ipv6 = try KubeConfig.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"], root: root.path)
        #expect(ipv6?.server == "https://[fd00::1]:6443")
    }

    @Test("nothing configured resolves to nil")
    func nothingConfigured() throws {
        let emptyHome = try TemporaryDirectory(prefix: "home")
        let root = try TemporaryDirectory(prefix: "sa-empty")
        #expect(
            try KubeConfig.resolve(
                explicitPath: nil, context: nil, environment: ["HOME": emptyHome.path], inClusterRoot: root.path)
                == nil)
        // A service host without a mounted token is not a pod.
        #expect(
            try KubeConfig.resolve(
                explicitPath: nil, context: nil,
                environment: ["HOME": emptyHome.path, "KUBERNETES_SERVICE_HOST": "10.96.0.1"], inClusterRoot: root.path)
                == nil)
    }

    @Test("printing a configuration shows no token, password or key")
    func descriptionRedacts() throws {
        let withToken = try KubeConfig.load(path: Fixtures.path("kubeconfig/token-inline-ca.yaml"))
        let withKey = try KubeConfig.load(path: Fixtures.path("kubeconfig/client-cert-data.yaml"))
        let withPassword = try KubeConfig.load(
            path: Fixtures.path("kubeconfig/relative-paths.yaml"), context: "insecure")
        for config in [withToken, withKey, withPassword] {
            var dumped = ""
            dump(config, to: &dumped)
            for text in ["\(config)", String(reflecting: config), dumped] {
                #expect(!text.contains("fixture-token-value"))
                #expect(!text.contains("fixture-password"))
                #expect(!text.contains("MIIEfixture-key"))
                #expect(!text.contains("73, 73, 69"))  // key bytes printed as numbers
            }
        }
    }

    private func homeWithConfig(copying fixture: String) throws -> TemporaryDirectory {
        let home = try TemporaryDirectory(prefix: "home")
        let text = try String(contentsOfFile: Fixtures.path("kubeconfig/\(fixture)"), encoding: .utf8)
        try home.write(text, to: ".kube/config")
        return home
    }
}
