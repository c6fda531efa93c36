import Foundation
import MigsyncGit
import MigsyncTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("libgit2's TCP connections")
struct SocketStreamTests {
    @Test(
        "connections are made with Nagle's algorithm off, so a push's small writes are not held back",
        arguments: ["git://127.0.0.1:%d/r.git", "http://127.0.0.1:%d/r.git", "ssh://git@127.0.0.1:%d/r.git"])
    func noDelay(urlFormat: String) async throws {
        let listener = try LoopbackListener()
        let directory = try TemporaryDirectory()
        let path = directory.path + "/m.git"
        _ = try GitRepository.create(path: path, bare: true)
        let url = String(format: urlFormat, listener.port)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            // Fails once the listener hangs up; only the connection matters here.
            _ = try? GitRepository.open(path: path).remoteReferences(url: url)
            finished.signal()
        }
        try listener.acceptConnectionWithData()
        let clients = listener.clientSocketsInThisProcess()
        let noDelay = clients.map { socket -> Int32 in
            var value: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &length)
            return value
        }
        listener.closeConnections()
        finished.wait()
        #expect(clients.count == 1)
        #expect(noDelay == [1])
    }
}
