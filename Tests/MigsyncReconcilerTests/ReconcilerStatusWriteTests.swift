import Foundation
import MigsyncCore
import MigsyncGit
import MigsyncReconciler
import MigsyncTesting
import Testing

@Suite("Status writes the server refuses or another writer got to first", .serialized)
struct ReconcilerStatusWriteTests {
    @Test(
        "a refused status push is written by the next pass; a note another writer added is kept; then nothing is written"
    )
    func refusedThenOtherWriter() async throws {
        try await ReconcilerWorld.with { world in
            let files = try DemoFiles.files(["migsync.yaml", "clusters", "storage", "hooks", "plans"])
            let first = try world.served.commitAndPush(files: files, message: "Clusters, storage, hooks and plans")
            try await world.passUntil { !$0.needsFollowUp }
            #expect(try world.servedNotes()[first]?.contains("name: shop") == true)

            // The next status push is refused by the server.
            let shop = try #require(files["plans/shop.yaml"] ?? nil)
            let edited = try world.served.commitAndPush(
                files: ["plans/shop.yaml": shop + "# reviewed\n"], message: "Review shop")
            try world.served.installHook("pre-receive", script: "#!/bin/sh\necho 'notes are frozen' >&2\nexit 1\n")
            let refused = await world.reconciler.pass()
            #expect(refused.stepErrors.contains { $0.hasPrefix("writeStatus:") })
            #expect(try world.servedNotes()[edited] == nil)

            // Once the server accepts again, the next pass writes the note whole.
            try FileManager.default.removeItem(atPath: world.served.barePath + "/hooks/pre-receive")
            let written = await world.reconciler.pass()
            #expect(written.stepErrors.isEmpty)
            #expect(written.gitWrites == 1)
            let editedNote = try #require(try world.servedNotes()[edited])
            #expect(editedNote.contains("name: shop"))
            #expect(!editedNote.contains("name: blog"))
            #expect(try world.servedNotes()[first]?.contains("name: blog") == true)

            // Another writer annotates a commit; the next status write keeps that note.
            let docs = try world.served.commitAndPush(files: ["NOTES.txt": "not a manifest\n"], message: "Docs")
            try GitCLI.run(
                ["notes", "--ref=migsync", "add", "-m", "written by someone else", docs], in: world.served.barePath)
            let blog = try #require(files["plans/blog.yaml"] ?? nil)
            let blogEdit = try world.served.commitAndPush(
                files: ["plans/blog.yaml": blog + "# reviewed\n"], message: "Review blog")
            try await world.passUntil { !$0.needsFollowUp }
            let notes = try world.servedNotes()
            #expect(notes[docs]?.contains("written by someone else") == true)
            #expect(notes[blogEdit]?.contains("name: blog") == true)
            #expect(notes[edited]?.contains("name: shop") == true)

            // Nothing changed since: a forced pass writes nothing to Git.
            let tip = try world.servedNotesTip()
            let quiet = await world.reconciler.pass(force: true)
            #expect(quiet.stepErrors.isEmpty)
            #expect(quiet.gitWrites == 0)
            #expect(try world.servedNotesTip() == tip)
        }
    }

    @Test("passes go on reading manifests and writing notes across the mirror's reopening after eight fetched packs")
    func passesAcrossReopening() async throws {
        try await ReconcilerWorld.with { world in
            let files = try DemoFiles.files(["migsync.yaml", "clusters", "storage", "hooks", "plans"])
            try world.served.commitAndPush(files: files, message: "Clusters, storage, hooks and plans")
            try await world.passUntil { !$0.needsFollowUp }
            let shop = try #require(files["plans/shop.yaml"] ?? nil)
            var last = ""
            for review in 1...9 {
                last = try world.served.commitAndPush(
                    files: ["plans/shop.yaml": shop + "# review \(review)\n"], message: "Review shop (\(review))")
                let report = await world.reconciler.pass()
                #expect(report.stepErrors.isEmpty)
                #expect(report.manifestFailures.isEmpty)
            }
            #expect(try GitRepository.open(path: world.directory.path + "/mirror.git").packCount >= 9)
            try await world.passUntil { !$0.needsFollowUp }
            #expect(try world.servedNotes()[last]?.contains("name: shop") == true)
        }
    }
}
