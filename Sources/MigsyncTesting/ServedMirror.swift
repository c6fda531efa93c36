import MigsyncGit

/// A repository served over one transport and a mirror cloned from it: where most tests of
/// Git transports start. `stop()` stops the server (`defer { setup.stop() }`).
public struct ServedMirror {
    public let directory: TemporaryDirectory
    public let served: ServedRepository
    public let server: GitServer
    /// The served repository's URL over the transport.
    public let url: String
    /// A mirror of the served `main`, as migsync keeps one.
    public let mirror: GitRepository

    /// - Parameter prepare: runs on the served repository before the server starts, e.g. to
    ///   install hooks.
    public static func start(
        _ transport: GitTransport, prepare: (ServedRepository) throws -> Void = { _ in }
    ) async throws -> ServedMirror {
        let directory = try TemporaryDirectory()
        let served = try ServedRepository(basePath: try directory.subdirectory("served"))
        try prepare(served)
        let server = try await GitServer.start(transport, basePath: directory.path + "/served")
        let url = server.url(for: served)
        do {
            let mirror = try GitRepository.openOrCloneMirror(url: url, branch: "main", path: directory.path + "/m.git")
            return ServedMirror(directory: directory, served: served, server: server, url: url, mirror: mirror)
        } catch {
            server.stop()
            throw error
        }
    }

    public func stop() { server.stop() }
}
