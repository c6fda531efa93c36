import Foundation

/// A real smart-HTTP Git server on loopback: lighttpd running `git http-backend` as a CGI, with
/// push enabled, optionally behind HTTP basic authentication.
///
/// lighttpd rather than a small script server because libgit2 sends pushes with
/// `Transfer-Encoding: chunked`, which simple CGI servers pass through undecoded.
public final class SmartHTTPServer: Sendable {
    /// The folder whose repositories are served; `url(for: "x.git")` serves `<basePath>/x.git`.
    public let basePath: String
    public let port: Int
    /// `http`, or `https` when started with a certificate.
    public let scheme: String
    /// The host name URLs use: `127.0.0.1`, or for HTTPS `localhost`, which test certificates
    /// name (mbedTLS, libgit2's TLS library here, does not match IP-address certificate names).
    public var host: String { scheme == "https" ? "localhost" : "127.0.0.1" }
    private let process: ServerProcess
    private let configDirectory: TemporaryDirectory

    public static let executable = "/usr/sbin/lighttpd"
    public static let backend = "/usr/lib/git-core/git-http-backend"

    private init(
        basePath: String, port: Int, scheme: String, process: ServerProcess, configDirectory: TemporaryDirectory
    ) {
        self.basePath = basePath
        self.port = port
        self.scheme = scheme
        self.process = process
        self.configDirectory = configDirectory
    }

    /// Starts lighttpd on a free loopback port and waits until it accepts connections.
    ///
    /// - Parameters:
    ///   - basicAuth: when given, every request (fetch and push) must carry these credentials.
    ///   - tls: when given, serve HTTPS with this PEM certificate (chain) and key; see
    ///     ``TestCertificateAuthority``.
    public static func start(
        basePath: String,
        basicAuth: (username: String, password: String)? = nil,
        tls: (certificatePath: String, keyPath: String)? = nil
    ) async throws -> SmartHTTPServer {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestSetupError("\(executable) is missing; run scripts/install-deps.sh")
        }
        let config = try TemporaryDirectory(prefix: "migsync-lighttpd")
        var modules = ["mod_alias", "mod_cgi", "mod_setenv"]
        var authBlock = ""
        if let basicAuth {
            modules += ["mod_auth", "mod_authn_file"]
            let users = try config.write("\(basicAuth.username):\(basicAuth.password)\n", to: "users")
            authBlock = """
                auth.backend = "plain"
                auth.backend.plain.userfile = "\(users)"
                auth.require = ( "/git" => ( "method" => "basic", "realm" => "git", "require" => "valid-user" ) )
                """
        }
        var tlsBlock = ""
        if let tls {
            modules.append("mod_openssl")
            tlsBlock = """
                ssl.engine = "enable"
                ssl.pemfile = "\(tls.certificatePath)"
                ssl.privkey = "\(tls.keyPath)"
                """
        }
        let started: (port: Int, process: ServerProcess)
        do {
            started = try LoopbackPort.startServer("lighttpd") { port in
                let configuration = """
                    server.modules = ( \(modules.map { "\"\($0)\"" }.joined(separator: ", ")) )
                    server.document-root = "\(basePath)"
                    server.bind = "127.0.0.1"
                    server.port = \(port)
                    server.errorlog = "\(config.path)/error.log"
                    server.max-request-size = 0
                    \(authBlock)
                    \(tlsBlock)
                    alias.url = ( "/git" => "\(backend)" )
                    $HTTP["url"] =~ "^/git" {
                        cgi.assign = ( "" => "" )
                        setenv.add-environment = (
                            "GIT_PROJECT_ROOT" => "\(basePath)",
                            "GIT_HTTP_EXPORT_ALL" => "1",
                            "GIT_CONFIG_NOSYSTEM" => "1",
                            "GIT_CONFIG_GLOBAL" => "/dev/null"
                        )
                    }

                    """
                let file = try config.write(configuration, to: "lighttpd.conf")
                return try ServerProcess(executable: executable, arguments: ["-D", "-f", file])
            }
        } catch {
            let log = (try? String(contentsOfFile: "\(config.path)/error.log", encoding: .utf8)) ?? ""
            throw TestSetupError("\(error) \(log)")
        }
        return SmartHTTPServer(
            basePath: basePath, port: started.port, scheme: tls == nil ? "http" : "https", process: started.process,
            configDirectory: config)
    }

    /// `http://127.0.0.1:<port>/git/<name>` (or `https://localhost:…`).
    public func url(for name: String) -> String { "\(scheme)://\(host):\(port)/git/\(name)" }

    /// The URL with user-info embedded (`http://user:password@127.0.0.1:…`), as users sometimes
    /// configure it.
    public func url(for name: String, username: String, password: String) -> String {
        "\(scheme)://\(username):\(password)@\(host):\(port)/git/\(name)"
    }

    /// lighttpd's error log (CGI failures end up here).
    public var errorLog: String {
        (try? String(contentsOfFile: "\(configDirectory.path)/error.log", encoding: .utf8)) ?? ""
    }

    public func stop() { process.stop() }
}
