import Foundation
import KubeObjects
import KubernetesClient
import MigsyncCore
import MigsyncReconciler
import MigsyncTesting
import Testing

/// The shipped policies gating real runs: signed approvals, windows, freezes.
@Suite("Reconciler policies", .serialized)
struct ReconcilerPolicyTests {
    static let cutover = ObjectKey(kind: .migMigration, name: "shop-cutover")
    static let stage = ObjectKey(kind: .migMigration, name: "shop-stage-1")

    static func shippedPolicy(_ name: String) throws -> [String: String?] {
        ["policies/\(name)": try String(contentsOfFile: RepositoryRoot.file("policies/\(name)"), encoding: .utf8)]
    }

    /// Platform objects, plans and `policies`, then the stage run completed without a gate.
    static func platformAndStage(_ world: ReconcilerWorld, policies: [String]) async throws {
        var files = try DemoFiles.files(["migsync.yaml", "clusters", "storage", "hooks", "plans"])
        for policy in policies { files.merge(try shippedPolicy(policy)) { $1 } }
        _ = try world.served.commitAndPush(files: files, message: "Platform, plans and policies")
        try await world.passUntil { $0.report(.migPlan, "shop")?.observed?.isReady ?? false }
    }

    /// The note on the commit that last changed `path`, from the served repository.
    static func noteOfLastChange(_ world: ReconcilerWorld, path: String) throws -> String? {
        let commit = try GitCLI.run(["log", "-1", "--format=%H", "main", "--", path], in: world.served.barePath)
        return try world.servedNotes()[commit]
    }

    static func blockedByPolicy(_ report: PassReport, _ run: ObjectKey) -> RunBlock? {
        for deferral in report.deferrals where deferral.key == run {
            if case .policyBlocked(let block) = deferral.reason { return block }
        }
        return nil
    }

    @Test(
        "a cutover waits for two signed approvals by allowed signers; unknown keys, unsigned approvals and approvals of an older version do not count"
    )
    func approvals() async throws {
        let keys = try TemporaryDirectory(prefix: "migsync-keys")
        let ana = try SSHSigningKey.generate(identity: "ana@example.com", in: keys.path)
        let bo = try SSHSigningKey.generate(identity: "bo@example.com", in: keys.path)
        let mallory = try SSHSigningKey.generate(identity: "mallory@example.com", in: keys.path)
        let allowed = try keys.write([ana, bo].map(\.allowedSignersLine).joined(separator: "\n") + "\n", to: "allowed")
        try await ReconcilerWorld.with(allowedSigners: allowed) { world in
            try await Self.approvals(world, ana: ana, bo: bo, mallory: mallory)
        }
    }

    static func approvals(_ world: ReconcilerWorld, ana: SSHSigningKey, bo: SSHSigningKey, mallory: SSHSigningKey)
        async throws
    {
        try await platformAndStage(world, policies: ["two-approvals-for-cutover.yaml"])
        _ = try world.served.commitAndPush(
            files: try DemoFiles.files(["migrations/shop-stage-1.yaml"]), message: "Stage shop")
        try await world.passUntil { $0.report(.migMigration, "shop-stage-1")?.runState?.isCompleted ?? false }

        // The cutover, unapproved: held, and its note names the policy.
        _ = try world.served.commitAndPush(
            files: try DemoFiles.files(["migrations/shop-cutover.yaml"]), message: "Cut over shop")
        let held = await world.reconciler.pass()
        let block = try #require(blockedByPolicy(held, cutover), "\(held.text)")
        #expect(block.policy.contains("two-approvals-for-cutover"))
        #expect(block.requirement == "approvals")
        let note = try #require(try noteOfLastChange(world, path: "migrations/shop-cutover.yaml"))
        #expect(note.contains("two-approvals-for-cutover"), "\(note)")

        // Ana approves this version; then the file changes, so her approval is of an older version.
        try approve(world, as: ana)
        var changed = try #require(try DemoFiles.files(["migrations/shop-cutover.yaml"]).values.first ?? nil)
        changed += "# reviewed: quiesce confirmed with the shop team\n"
        _ = try world.served.commitAndPush(files: ["migrations/shop-cutover.yaml": changed], message: "Note the review")
        // Mallory's key is not trusted, and an unsigned commit with the trailer proves nothing.
        try approve(world, as: mallory)
        try GitCLI.run(
            [
                "commit", "--quiet", "--allow-empty", "-m", "Approve",
                "-m", "Migsync-Approve: MigMigration/openshift-migration/shop-cutover",
            ], in: world.served.workPath)
        try world.served.push()
        // Bo approves the current version: one valid approval of two.
        try approve(world, as: bo)
        let oneOfTwo = await world.reconciler.pass()
        let stillHeld = try #require(blockedByPolicy(oneOfTwo, cutover), "\(oneOfTwo.text)")
        #expect(stillHeld.requirement == "approvals")
        #expect(!oneOfTwo.actions.contains { $0.key == cutover })

        // Ana approves the current version: two, and the cutover starts and completes.
        try approve(world, as: ana)
        try await world.passUntil { $0.report(.migMigration, "shop-cutover")?.runState?.isCompleted ?? false }
        #expect(RunState(observed: try await world.run("shop-cutover")).result.isSuccess)
    }

    /// `migsync approve` in the test's checkout, signing with `key`, then a push.
    static func approve(_ world: ReconcilerWorld, as key: SSHSigningKey) throws {
        try GitCLI.run(["config", "gpg.format", "ssh"], in: world.served.workPath)
        try GitCLI.run(["config", "user.signingkey", key.privateKeyPath], in: world.served.workPath)
        let result = try Subprocess.run(
            try BuiltProducts.executable("migsync"), ["approve", "migrations/shop-cutover.yaml"],
            in: world.served.workPath)
        guard result.status == 0 else { throw TestSetupError("migsync approve failed: \(result.standardError)") }
        try GitCLI.run(["config", "--unset", "user.signingkey"], in: world.served.workPath)
        try GitCLI.run(["config", "--unset", "gpg.format"], in: world.served.workPath)
        try world.served.push()
    }

    static func date(_ text: String) throws -> Date {
        try #require(try? Date(text, strategy: .iso8601))
    }

    @Test(
        "a freeze holds a stage run; outside its window a cutover waits with the next opening in its note, inside it runs; a policy in a pull request's head does not gate the branch"
    )
    func windowsAndFreeze() async throws {
        try await ReconcilerWorld.with(Self.windowsAndFreeze)
    }

    static func windowsAndFreeze(_ world: ReconcilerWorld) async throws {
        try await platformAndStage(world, policies: ["cutover-window.yaml", "change-freeze.yaml"])

        // In the year-end freeze nothing starts, stage runs included.
        _ = try world.served.commitAndPush(
            files: try DemoFiles.files(["migrations/shop-stage-1.yaml"]), message: "Stage shop")
        let frozen = await world.reconciler.pass(now: try date("2026-12-21T10:00:00Z"))
        let freeze = try #require(blockedByPolicy(frozen, stage), "\(frozen.text)")
        #expect(freeze.policy.contains("change-freeze"))
        #expect(freeze.message.contains("year-end change freeze"), "\(freeze.message)")
        #expect(!frozen.actions.contains { $0.key == stage })

        // Before the freeze the stage runs (stage runs have no window).
        let friday = try date("2026-12-04T12:00:00Z")
        try await world.passUntil(now: friday) {
            $0.report(.migMigration, "shop-stage-1")?.runState?.isCompleted ?? false
        }

        // A pull request adds a policy denying everything; the branch is not gated by it.
        try GitCLI.run(["checkout", "--quiet", "-b", "pr-7"], in: world.served.workPath)
        try world.served.commit(
            files: [
                "policies/deny-all.yaml": """
                apiVersion: migsync.io/v1alpha1
                kind: Policy
                metadata: {name: deny-all}
                spec:
                  match: {kinds: [MigMigration]}
                  requirements: {deny: {message: nothing may run}}

                """
            ], message: "Deny everything")
        try GitCLI.run(["push", "--quiet", "origin", "HEAD:refs/pull/7/head"], in: world.served.workPath)
        try GitCLI.run(["checkout", "--quiet", "main"], in: world.served.workPath)

        // Friday noon in Berlin is outside the cutover window; it opens Saturday 08:00 Berlin.
        _ = try world.served.commitAndPush(
            files: try DemoFiles.files(["migrations/shop-cutover.yaml"]), message: "Cut over shop")
        let outside = await world.reconciler.pass(now: friday)
        let window = try #require(blockedByPolicy(outside, cutover), "\(outside.text)")
        #expect(window.policy.contains("cutover-window"))
        #expect(window.requirement == "window")
        #expect(window.nextOpening == (try date("2026-12-05T07:00:00Z")))
        let note = try #require(try noteOfLastChange(world, path: "migrations/shop-cutover.yaml"))
        #expect(note.contains("2026-12-05T07:00:00Z"), "\(note)")

        // Saturday 10:00 Berlin: inside the window, and the pull request's policy is not read.
        try await world.passUntil(now: try date("2026-12-05T09:00:00Z")) {
            $0.report(.migMigration, "shop-cutover")?.runState?.isCompleted ?? false
        }
        #expect(RunState(observed: try await world.run("shop-cutover")).result.isSuccess)
    }

    @Test("a plan of system namespaces is held by the shipped policy and never created; its note names the policy")
    func systemNamespacesHeld() async throws {
        try await ReconcilerWorld.with { world in
            var files = try DemoFiles.files(["migsync.yaml", "clusters", "storage", "hooks", "plans"])
            files.merge(try Self.shippedPolicy("no-system-namespaces.yaml")) { $1 }
            let shop = try #require(files["plans/shop.yaml"] ?? nil)
            files["plans/infra.yaml"] = shop.replacingOccurrences(of: "name: shop\n", with: "name: infra\n")
                .replacingOccurrences(of: "  - shop\n  - shop-db\n", with: "  - openshift-logging\n")
            _ = try world.served.commitAndPush(files: files, message: "Plans, one of system namespaces")
            let reports = try await world.passUntil { $0.report(.migPlan, "shop")?.observed?.isReady ?? false }
            let infra = ObjectKey(kind: .migPlan, name: "infra")
            let last = try #require(reports.last)
            let block = try #require(Self.blockedByPolicy(last, infra), "\(last.text)")
            #expect(block.policy.contains("no-system-namespaces"))
            #expect(block.requirement == "deny")
            #expect(!reports.flatMap(\.actions).contains { $0.key == infra })
            await #expect(throws: KubeError.self) {
                _ = try await world.client.get(.migPlan, namespace: "openshift-migration", name: "infra")
            }
            let note = try #require(try Self.noteOfLastChange(world, path: "plans/infra.yaml"))
            #expect(note.contains("no-system-namespaces"), "\(note)")
        }
    }
}
