import ArgumentParser
import Foundation
import KubeObjects
import KubernetesClient
import MigsyncCore
import MigsyncGit

/// `migsync demo`: the whole product in under two minutes, on this machine alone.
///
/// A local Git repository is built from `examples/demo` and served by `git daemon` on
/// loopback; the migsync daemon (`migsync run`, a child process) reconciles it into the
/// embedded MTC emulator; the demo makes the commits a team would make (platform objects and
/// plans, then a stage run, then the cutover) and prints a timeline until the cutover's
/// status note is in Git.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run the demo: daemon, embedded emulator and a local Git repository.",
        discussion: """
            Builds a Git repository from --examples (default examples/demo), serves it with \
            `git daemon` on 127.0.0.1, starts `migsync run` against the embedded MTC emulator, \
            then commits and pushes the plans, a stage run and the cutover, printing what \
            happens until the cutover has completed and its status note is in Git. Never uses \
            a kubeconfig: the daemon runs with an empty environment for cluster access.

            Everything lives in --workdir (default: a new folder under /tmp): the served \
            repository origin.git with its notes, the daemon's log daemon.log, the emulator's \
            state. Needs `git` on PATH.

            Exit status: 0 when the cutover completed and its note was written, 1 otherwise.
            """)

    @Option(name: .long, help: "Folder for the demo's repository, state and logs (default: a new folder in /tmp).")
    var workdir: String?

    @Option(name: .long, help: "The sample repository to commit from.")
    var examples: String = "examples/demo"

    @Option(name: .customLong("time-scale"), help: "Speed factor of the emulated migrations.")
    var timeScale: Double = 60

    @Option(name: .long, help: "Seconds each step may take before the demo gives up.")
    var timeout: Double = 120

    static let team = GitIdentity(name: "Platform Team", email: "platform@example.com")
    static let namespace = ObjectKey.defaultNamespace

    func run() async throws {
        let timeline = DemoTimeline()
        let examplesPath = (examples as NSString).standardizingPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: examplesPath + "/plans", isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw ValidationError(
                "no sample repository at \(examplesPath): run the demo from a clone of migsync, or pass --examples")
        }
        guard let gitDaemonPath = gitDaemonExecutable() else {
            throw ValidationError("the demo serves its repository with `git daemon`: install git (apt-get install git)")
        }
        let work = try workFolder()
        timeline.say("demo folder \(work)")

        let gitDaemon: DemoProcess
        let gitDaemonPort: Int
        do {
            (gitDaemon, gitDaemonPort) = try await startGitDaemon(gitDaemonPath, serving: work)
        } catch {
            FileHandle.standardError.write(Data("migsync demo: \(error)\n".utf8))
            throw ExitCode(1)
        }
        var daemon: DemoProcess?
        do {
            daemon = try await play(work: work, gitDaemonPort: gitDaemonPort, timeline: timeline) { url in
                try startDaemon(url: url, work: work)
            }
        } catch {
            await daemon?.stop()
            await gitDaemon.stop(grace: .zero)
            FileHandle.standardError.write(
                Data("migsync demo: \(error)\n  daemon log: \(work)/daemon.log\n".utf8))
            throw ExitCode(1)
        }
        await daemon?.stop()
        await gitDaemon.stop(grace: .zero)
        print(
            """

            The migration ran because commits asked for it, and its status is in Git:
              git --git-dir=\(work)/origin.git log --notes=migsync --format='--- %h %s%n%N' main
            The daemon's log: \(work)/daemon.log
            """)
    }

    /// The three commits and what follows each; returns the daemon so the caller stops it.
    private func play(
        work: String, gitDaemonPort: Int, timeline: DemoTimeline,
        startDaemon: (String) throws -> DemoProcess
    ) async throws -> DemoProcess {
        let url = "git://127.0.0.1:\(gitDaemonPort)/origin.git"
        let origin = try GitRepository.create(path: work + "/origin.git", bare: true)
        let team = try GitRepository.create(path: work + "/team.git", bare: true)
        timeline.say("serving \(url) with git daemon")

        let examplesPath = (examples as NSString).standardizingPath
        let platform = try Self.files(in: examplesPath, excluding: ["migrations"])
        let subject1 = "Clusters, replication repository, hook and plans"
        let first = try team.commit(
            on: "refs/heads/main", parent: nil, changes: platform, message: subject1 + "\n", identity: Self.team)
        try team.push(url: url, refspecs: ["refs/heads/main:refs/heads/main"])
        timeline.committed(first, subject: subject1)

        let daemon = try startDaemon(url)
        timeline.say("migsync run started (log: daemon.log), target: the embedded MTC emulator")
        let kubeconfig = work + "/emulator/kubeconfig"
        try await waitFor("the embedded emulator", seconds: 60) {
            guard daemon.isRunning else { throw DemoError("migsync run exited; see \(work)/daemon.log") }
            return FileManager.default.fileExists(atPath: kubeconfig)
        }
        let client = KubernetesClient(config: try KubeConfig.load(path: kubeconfig))
        for secret in Self.secrets {
            do {
                _ = try await client.create(secret, type: .secret)
            } catch KubeError.alreadyExists {}
        }
        timeline.say("secrets ocp3-sa-token and minio-creds created on the cluster (credentials are never committed)")

        let plans = [ObjectKey(kind: .migPlan, name: "shop"), ObjectKey(kind: .migPlan, name: "blog")]
        try await follow("the plans to be Ready", daemon: daemon, client: client, origin: origin, timeline: timeline) {
            timeline.allReady(plans, noteOn: first)
        }

        var tip = first
        for (file, subject, run) in [
            ("migrations/shop-stage-1.yaml", "Stage run for shop", "shop-stage-1"),
            ("migrations/shop-cutover.yaml", "Cutover for shop", "shop-cutover"),
        ] {
            tip = try team.commit(
                on: "refs/heads/main", parent: tip, changes: try Self.file(file, in: examplesPath),
                message: subject + "\n", identity: Self.team)
            try team.push(url: url, refspecs: ["refs/heads/main:refs/heads/main"])
            timeline.committed(tip, subject: subject)
            let key = ObjectKey(kind: .migMigration, name: run)
            try await follow(run, daemon: daemon, client: client, origin: origin, timeline: timeline) { [tip] in
                try Self.finished(timeline.runResult(key, noteOn: tip), key)
            }
        }
        timeline.say("cutover completed; migsync wrote its status to refs/notes/migsync")
        if let note = try origin.note(on: tip) {
            print("\nThe note on \(tip.hex.prefix(7)) \"Cutover for shop\" (refs/notes/migsync):\n\(note)")
        }
        return daemon
    }

    /// `true` once the run succeeded; a run that ended otherwise stops the demo.
    private static func finished(_ result: String?, _ run: ObjectKey) throws -> Bool {
        guard let result else { return false }
        guard result.hasPrefix("Succeeded") else { throw DemoError("\(run) ended \(result)") }
        return true
    }

    private func follow(
        _ what: String, daemon: DemoProcess, client: KubernetesClient, origin: GitRepository, timeline: DemoTimeline,
        until done: () throws -> Bool
    ) async throws {
        try await waitFor(what, seconds: timeout) {
            guard daemon.isRunning else { throw DemoError("migsync run exited while waiting for \(what)") }
            try await timeline.observe(client: client, origin: origin)
            return try done()
        }
    }

    /// `git daemon` serving `work` on a free loopback port.
    ///
    /// Another process can take the chosen port before the daemon binds it, so a daemon that
    /// exits before listening is started again on another port, a few times.
    private func startGitDaemon(_ executable: String, serving work: String) async throws -> (DemoProcess, Int) {
        for _ in 0..<3 {
            let port = try LoopbackPort.free()
            let gitDaemon = try DemoProcess.start(
                name: "git daemon", executable: executable,
                arguments: [
                    "--reuseaddr", "--export-all", "--enable=receive-pack", "--base-path=\(work)",
                    "--listen=127.0.0.1", "--port=\(port)", work,
                ],
                logPath: work + "/git-daemon.log")
            let deadline = ContinuousClock.now + .seconds(10)
            while gitDaemon.isRunning, ContinuousClock.now < deadline {
                if LoopbackPort.accepts(port) { return (gitDaemon, port) }
                try await Task.sleep(for: .milliseconds(100))
            }
            let exited = !gitDaemon.isRunning
            await gitDaemon.stop(grace: .zero)
            guard exited else { throw DemoError("timed out after 10 s waiting for git daemon on port \(port)") }
        }
        throw DemoError("git daemon could not listen on loopback; see \(work)/git-daemon.log")
    }

    private func waitFor(_ what: String, seconds: Double, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw DemoError("timed out after \(Int(seconds)) s waiting for \(what)")
    }

    /// `migsync run` from this very executable, with no way to find a real cluster: no
    /// `KUBECONFIG`, a `HOME` inside the demo folder, no in-cluster variables.
    private func startDaemon(url: String, work: String) throws -> DemoProcess {
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        try FileManager.default.createDirectory(atPath: work + "/home", withIntermediateDirectories: true)
        return try DemoProcess.start(
            name: "migsync run", executable: "/usr/bin/env",
            arguments: [
                "-u", "KUBECONFIG", "-u", "KUBERNETES_SERVICE_HOST", "-u", "KUBERNETES_SERVICE_PORT",
                "HOME=\(work)/home", executable, "run", "--repo", url, "--state-dir", work + "/state",
                "--emulator-state", work + "/emulator", "--time-scale", String(timeScale), "--interval", "2",
                "--follow-interval", "1",
            ],
            logPath: work + "/daemon.log")
    }

    private func workFolder() throws -> String {
        if let workdir {
            let path = (workdir as NSString).standardizingPath
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            guard (try FileManager.default.contentsOfDirectory(atPath: path)).isEmpty else {
                throw ValidationError("--workdir \(path) is not empty")
            }
            return path
        }
        var template = Array("/tmp/migsync-demo.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw DemoError("cannot make a folder in /tmp") }
        return String(cString: made)
    }

    /// Every file under `root` as repository path → contents, except the `excluding` folders.
    static func files(in root: String, excluding: Set<String>) throws -> [String: [UInt8]?] {
        var files: [String: [UInt8]?] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return files }
        while let relative = enumerator.nextObject() as? String {
            if let first = relative.split(separator: "/").first, excluding.contains(String(first)) { continue }
            var isDirectory: ObjCBool = false
            let path = root + "/" + relative
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            files[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return files
    }

    static func file(_ relative: String, in root: String) throws -> [String: [UInt8]?] {
        [relative: Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative)))]
    }

    /// The credentials the sample manifests reference, made on the cluster as an operator
    /// would (`oc create secret`), never committed.
    static var secrets: [KubeObject] {
        [
            secret("ocp3-sa-token", ["saToken": "demo-token"]),
            secret("minio-creds", ["aws-access-key-id": "minio", "aws-secret-access-key": "minio123"]),
        ]
    }

    private static func secret(_ name: String, _ data: [String: String]) -> KubeObject {
        KubeObject(
            json: .object([
                "apiVersion": .string("v1"), "kind": .string("Secret"),
                "metadata": .object(["name": .string(name), "namespace": .string("openshift-config")]),
                "stringData": .object(data.mapValues { .string($0) }),
            ]))
    }
}
