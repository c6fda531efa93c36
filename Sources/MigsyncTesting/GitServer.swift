import Foundation

/// The ways a test can serve a repository to the Git layer.
public enum GitTransport: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `file://` — libgit2's in-process local transport (skips server-side hooks).
    case file
    /// `git://` — a real ``GitDaemon``.
    case git
    /// `http://` — a real ``SmartHTTPServer``.
    case http

    /// Transports on which server-side hooks run.
    public static let withHooks: [GitTransport] = [.git, .http]

    public var description: String { rawValue }
}

/// Serves every repository under a folder over one ``GitTransport``, so one test can run
/// unchanged over each transport (`@Test(arguments: GitTransport.allCases)`).
public final class GitServer: Sendable {
    public let transport: GitTransport
    public let basePath: String
    private let daemon: GitDaemon?
    private let http: SmartHTTPServer?

    private init(transport: GitTransport, basePath: String, daemon: GitDaemon?, http: SmartHTTPServer?) {
        self.transport = transport
        self.basePath = basePath
        self.daemon = daemon
        self.http = http
    }

    /// Starts whatever server `transport` needs (nothing for `file://`).
    public static func start(_ transport: GitTransport, basePath: String) async throws -> GitServer {
        switch transport {
        case .file:
            return GitServer(transport: transport, basePath: basePath, daemon: nil, http: nil)
        case .git:
            let daemon = try await GitDaemon.start(basePath: basePath)
            return GitServer(transport: transport, basePath: basePath, daemon: daemon, http: nil)
        case .http:
            let http = try await SmartHTTPServer.start(basePath: basePath)
            return GitServer(transport: transport, basePath: basePath, daemon: nil, http: http)
        }
    }

    /// The URL of `<basePath>/<name>` over this transport.
    public func url(for name: String) -> String {
        if let daemon { return daemon.url(for: name) }
        if let http { return http.url(for: name) }
        return "file://\(basePath)/\(name)"
    }

    /// The URL of `repository` over this transport.
    public func url(for repository: ServedRepository) -> String { url(for: repository.name) }

    public func stop() {
        daemon?.stop()
        http?.stop()
    }
}
