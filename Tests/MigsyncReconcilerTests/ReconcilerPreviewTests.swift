import Foundation
import KubeObjects
import KubernetesClient
import MigsyncCore
import MigsyncReconciler
import MigsyncTesting
import Testing

/// `--preview-refs`: previews of pull-request heads as notes, written only when they change.
@Suite("Pull-request previews as notes", .serialized)
struct ReconcilerPreviewTests {
    @Test(
        "each matching head gets its preview as a note under refs/notes/migsync-preview, rewritten only when the head moves; the cluster is not touched"
    )
    func previewNotes() async throws {
        try await ReconcilerWorld.with(Self.previewNotes)
    }

    static func previewNote(_ world: ReconcilerWorld, on commit: String) throws -> String? {
        let result = try GitCLI.runAllowingFailure(
            ["notes", "--ref=migsync-preview", "show", commit], in: world.served.barePath)
        return result.status == 0 ? result.standardOutput : nil
    }

    static func previewNotes(_ world: ReconcilerWorld) async throws {
        _ = try world.served.commitAndPush(
            files: try DemoFiles.files(["migsync.yaml", "clusters", "storage", "hooks"]), message: "Platform")
        try await world.passUntil { _ in true }

        try GitCLI.run(["checkout", "--quiet", "-b", "blog"], in: world.served.workPath)
        let first = try world.served.commit(files: try DemoFiles.files(["plans/blog.yaml"]), message: "Blog plan")
        try GitCLI.run(["push", "--quiet", "origin", "HEAD:refs/pull/3/head"], in: world.served.workPath)
        // A reference that does not match the pattern gets no preview.
        try GitCLI.run(["push", "--quiet", "origin", "HEAD:refs/heads/blog"], in: world.served.workPath)

        let published = await world.reconciler.publishPreviews(matching: ["refs/pull/*/head"])
        #expect(published.errors.isEmpty, "\(published.errors)")
        #expect(published.written == 1)
        let note = try #require(try previewNote(world, on: first))
        #expect(note.hasPrefix("### migsync plan"))
        #expect(note.contains("+ create MigPlan/blog  (plans/blog.yaml:"))
        let tip = try world.served.served("refs/notes/migsync-preview")

        // Nothing moved: nothing written.
        let again = await world.reconciler.publishPreviews(matching: ["refs/pull/*/head"])
        #expect(again.written == 0)
        #expect(try world.served.served("refs/notes/migsync-preview") == tip)

        // The head moves: its new commit gets a preview; the old note stays as history.
        let second = try world.served.commit(
            files: try DemoFiles.files(["migrations/shop-stage-1.yaml"]), message: "And a stage run")
        try GitCLI.run(["push", "--quiet", "--force", "origin", "HEAD:refs/pull/3/head"], in: world.served.workPath)
        let moved = await world.reconciler.publishPreviews(matching: ["refs/pull/*/head"])
        #expect(moved.written == 1)
        let secondNote = try #require(try previewNote(world, on: second))
        #expect(secondNote.contains("MigMigration/shop-stage-1"))
        #expect(try previewNote(world, on: first) != nil)
        let history = try GitCLI.runAllowingFailure(
            ["merge-base", "--is-ancestor", tip ?? "", "refs/notes/migsync-preview"], in: world.served.barePath)
        #expect(history.status == 0)

        // Previews write nothing to the cluster.
        await #expect(throws: KubeError.self) {
            _ = try await world.client.get(.migPlan, namespace: "openshift-migration", name: "blog")
        }
    }
}
