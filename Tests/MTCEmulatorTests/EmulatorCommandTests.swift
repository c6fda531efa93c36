import Foundation
import MigsyncTesting
import Testing

@Suite("migsync emulator serve")
struct EmulatorCommandTests {
    @Test("serve prints its URL, writes a kubeconfig and keeps state across runs")
    func serve() async throws {
        let state = try TemporaryDirectory(prefix: "migsync-serve")
        let migsync = try BuiltProducts.executable("migsync")
        let port = try LoopbackPort.free()
        let arguments = [
            "emulator", "serve", "--state", state.path, "--listen", "127.0.0.1:\(port)", "--token", "cli-token",
        ]
        var server = try ServerProcess(executable: migsync, arguments: arguments)
        // Generous: with every suite starting at once on two cores, the first output can take
        // half a minute to be read even though the server is up in a second.
        let output = try await server.waitForOutput(
            containing: "migsync emulator listening on http://127.0.0.1:\(port)", timeout: .seconds(120))
        #expect(!output.contains("cli-token"))
        let kubeconfig = try String(contentsOfFile: "\(state.path)/kubeconfig", encoding: .utf8)
        #expect(kubeconfig.contains("server: \"http://127.0.0.1:\(port)\""))
        let curl = Curl(bearerToken: "cli-token")
        let base = "http://127.0.0.1:\(port)"
        let created = try await curl.request(
            "POST", base + API.plans, body: try API.encode(API.plan("shop")))
        #expect(created.status == 201)
        server.stop()

        server = try ServerProcess(executable: migsync, arguments: arguments)
        _ = try await server.waitForOutput(containing: "listening on", timeout: .seconds(120))
        let fetched = try await curl.request("GET", base + API.plans + "/shop")
        #expect(fetched.status == 200)
        #expect(fetched.json?[path: ["metadata", "uid"]] == created.json?[path: ["metadata", "uid"]])
        server.stop()
    }

    @Test("serve rejects a malformed --listen")
    func badListen() async throws {
        let migsync = try BuiltProducts.executable("migsync")
        let result = try await CommandRunner.run(
            migsync, ["emulator", "serve", "--state", "/tmp/x", "--listen", "nope"])
        #expect(result.exitCode != 0)
        #expect(result.stderr.contains("HOST:PORT"), "\(result)")
    }
}
