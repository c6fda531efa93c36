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

    @Test("what a connection receives is acknowledged at once, so a server's small replies are not held back")
    func quickAcknowledgement() async throws {
        let listener = try LoopbackListener()
        let directory = try TemporaryDirectory()
        let path = directory.path + "/m.git"
        _ = try GitRepository.create(path: path, bare: true)
        let url = "git://127.0.0.1:\(listener.port)/r.git"
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            // Fails once the listener hangs up; only the connection matters here.
            _ = try? GitRepository.open(path: path).fetchMoved(
                url: url, wanted: ["refs/heads/main": "refs/remotes/origin/main"])
            finished.signal()
        }
        try listener.acceptConnectionWithData()
        try listener.receive(until: "git-upload-pack")
        // A branch the client lacks: it answers the advertisement with what it wants, and
        // from that exchange on Linux would delay acknowledging what the client receives.
        let unknown = String(repeating: "5", count: 40)
        try listener.send(
            Self.packetLine("\(unknown) refs/heads/main\0multi_ack_detailed side-band-64k ofs-delta\n")
                + Array("0000".utf8))
        try listener.receive(until: "done")
        let client = try #require(listener.clientSocketsInThisProcess().first)
        // The client reads the answer next, and asks for quick acknowledgement before it does.
        var quick: Int32 = 0
        let deadline = ContinuousClock.now + .seconds(10)
        while quick != 1 && ContinuousClock.now < deadline {
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(client, Int32(IPPROTO_TCP), TCP_QUICKACK, &quick, &length)
            if quick != 1 { usleep(1000) }
        }
        listener.closeConnections()
        finished.wait()
        #expect(quick == 1)
    }

    /// One line of Git's wire protocol: its length in four hex digits (itself included), then it.
    static func packetLine(_ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        return Array(String(format: "%04x", payload.count + 4).utf8) + payload
    }
}
