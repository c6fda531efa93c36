import Foundation

/// A throw-away certificate authority and a server certificate it signed for `localhost`
/// (and 127.0.0.1), made with the `openssl` command line, for HTTPS test servers.
public final class TestCertificateAuthority: Sendable {
    /// The CA certificate (PEM) clients must trust.
    public let certificatePath: String
    /// The server certificate (PEM) for `localhost`, signed by this CA.
    public let serverCertificatePath: String
    /// The server's private key (PEM).
    public let serverKeyPath: String
    private let directory: TemporaryDirectory

    public static let openssl = "/usr/bin/openssl"

    public init(commonName: String = "migsync test CA") throws {
        directory = try TemporaryDirectory(prefix: "migsync-ca")
        let path = directory.path
        certificatePath = "\(path)/ca.pem"
        serverCertificatePath = "\(path)/server.pem"
        serverKeyPath = "\(path)/server.key"
        try Subprocess.checked(
            Self.openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=\(commonName)",
                "-keyout", "\(path)/ca.key", "-out", certificatePath,
            ])
        try Subprocess.checked(
            Self.openssl,
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", serverKeyPath, "-out",
                "\(path)/server.csr",
            ])
        let extensions = try directory.write(
            "subjectAltName = DNS:localhost, IP:127.0.0.1\nextendedKeyUsage = serverAuth\n", to: "server.ext")
        try Subprocess.checked(
            Self.openssl,
            [
                "x509", "-req", "-in", "\(path)/server.csr", "-CA", certificatePath, "-CAkey", "\(path)/ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", extensions, "-out", serverCertificatePath,
            ])
    }
}
