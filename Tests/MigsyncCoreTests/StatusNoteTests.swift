import Foundation
import KubeObjects
import Testing

@testable import MigsyncCore

@Suite("status notes")
struct StatusNoteTests {
    static let estate = [Make.cluster("host"), Make.cluster("ocp3"), Make.storage()]
    static let readyEstate = estate.map { Make.observed($0, conditions: [Make.ready]) }
    static let readyPlan = Make.observed(Make.plan(), conditions: [Make.ready])
    static let stage = Make.run("shop-stage-1", stage: true)

    func runningPass() throws -> Pass {
        Pass(
            desired: Self.estate + [Make.plan(), Self.stage],
            observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-running")])
    }

    func note(_ pass: Pass, _ key: ObjectKey) throws -> StatusNote {
        let report = try #require(pass.report(key))
        return try #require(StatusNote(report: report, branch: Make.branch))
    }

    /// Compares with a golden file under Fixtures; `RECORD_SNAPSHOTS=1` rewrites it.
    func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try Data(text.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, sourceLocation: sourceLocation)
    }

    @Test("a running run's note shows phase, pipeline progress, times and conditions")
    func runningRunNote() throws {
        let note = try note(try runningPass(), Self.stage.key)
        try expectGolden(note.yaml, "note-run-running.yaml")
        #expect(note.run?.result == "Running")
        #expect(note.run?.progress == "1/4")
        #expect(note.commit == Make.commit1)
        #expect(note.sync == .synced)
    }

    @Test("a commit's note lists its objects in apply order")
    func commitNote() throws {
        let pass = Pass(
            desired: Self.estate + [Make.plan()],
            observed: Self.readyEstate + [
                Make.observed(
                    Make.plan(), conditions: [Make.condition("PlanConflict", "Error", "conflicts with plan \"cart\"")])
            ])
        let batch = StatusBatch(reports: pass.reports, branch: Make.branch)
        #expect(batch.noteTexts.keys.sorted() == [Make.commit1])
        let text = try #require(batch.noteTexts[Make.commit1])
        try expectGolden(text, "note-commit.yaml")
        #expect(try StatusBatch.parseCommitNote(text) == batch.notes)
    }

    @Test("every kind of note reads back to the same value")
    func roundTrip() throws {
        let passes = [
            try runningPass(),
            Pass(
                desired: Self.estate + [Make.plan(), Make.run("shop-cutover", stage: false)],
                observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-failed")]),
            Pass(
                desired: Self.estate + [
                    Make.plan(), Make.run("shop-cutover", stage: false, extra: ["canceled": true]),
                ],
                observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-canceled")]),
            Pass(
                desired: Self.estate + [Make.plan(), Make.run("shop-stage-2", stage: true)],
                observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-blocked")]),
            Pass(desired: [], observed: [Self.readyPlan], prune: true),
            Pass(
                desired: Self.estate + [Make.plan(namespaces: ["a"]), Self.stage],
                observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-running")]),
        ]
        var count = 0
        for pass in passes {
            for note in StatusBatch(reports: pass.reports, branch: Make.branch).notes {
                #expect(try StatusNote(parsing: note.yaml) == note, "\(note.key)")
                count += 1
            }
        }
        #expect(count > 20)
    }

    @Test("notes do not change when only timestamps of conditions or their order change")
    func deterministic() throws {
        var observed = try Fixture.observed("migmigration-running")
        let first = try note(try runningPass(), Self.stage.key).yaml
        var conditions = try #require(observed.object.status?["conditions"]?.arrayValue)
        conditions.reverse()
        for index in conditions.indices { conditions[index]["lastTransitionTime"] = "2030-01-01T00:00:00Z" }
        observed.object.status?["conditions"] = .array(conditions)
        observed.object.resourceVersion = "999"
        observed.object.annotations["openshift.io/touch"] = "new-uuid"
        let pass = Pass(
            desired: Self.estate + [Make.plan(), Self.stage], observed: Self.readyEstate + [Self.readyPlan, observed])
        #expect(try note(pass, Self.stage.key).yaml == first)
    }

    @Test("a note changes when the run progresses")
    func progresses() throws {
        let running = try note(try runningPass(), Self.stage.key).yaml
        let pass = Pass(
            desired: Self.estate + [Make.plan(), Self.stage],
            observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-succeeded")])
        let done = try note(pass, Self.stage.key)
        #expect(done.yaml != running)
        #expect(done.run?.result == "Succeeded")
        #expect(done.run?.ended == "2026-11-20T10:09:00Z")
    }

    // MARK: - Batch

    @Test("only notes whose text changed are written")
    func batchChanges() throws {
        let before = StatusBatch(reports: try runningPass().reports, branch: Make.branch)
        let stored = before.noteTexts
        #expect(before.noteChanges(stored: stored).isEmpty)
        #expect(before.fileChanges(stored: before.fileTexts).isEmpty)

        let after = StatusBatch(
            reports: Pass(
                desired: Self.estate + [Make.plan(), Self.stage],
                observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-succeeded")]
            ).reports, branch: Make.branch)
        let changes = after.noteChanges(stored: stored)
        #expect(Array(changes.writes.keys) == [Make.commit1])
        #expect(changes.removals.isEmpty)
        let fileChanges = after.fileChanges(stored: before.fileTexts)
        #expect(Array(fileChanges.writes.keys) == ["status/migmigration/shop-stage-1.yaml"])
    }

    @Test("an object that moves on to a later commit stays in the older commit's note as it was")
    func objectMovesCommit() throws {
        let before = StatusBatch(reports: try runningPass().reports, branch: Make.branch)
        let stored = before.noteTexts
        let firstNote = try StatusBatch.parseCommitNote(try #require(stored[Make.commit1]))
        let moved =
            Self.estate.map {
                var d = $0; d.commit = Make.commit2; return d
            } + [Make.plan(commit: Make.commit2), Self.stage]
        let still = Pass(
            desired: moved, observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-running")])
        let changes = StatusBatch(reports: still.reports, branch: Make.branch).noteChanges(stored: stored)
        #expect(changes.writes.keys.sorted() == [Make.commit2])
        let newNote = try StatusBatch.parseCommitNote(try #require(changes.writes[Make.commit2]))
        #expect(Set(newNote.map(\.key)) == Set(firstNote.map(\.key)).subtracting([Self.stage.key]))

        // The run, still at the first commit, completes: only its entry changes there.
        let completed = Pass(
            desired: moved,
            observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-succeeded")])
        let rewritten = try #require(
            StatusBatch(reports: completed.reports, branch: Make.branch).noteChanges(stored: stored).writes[
                Make.commit1])
        let entries = try StatusBatch.parseCommitNote(rewritten)
        #expect(entries.map(\.key) == firstNote.map(\.key))
        #expect(entries.first { $0.key == Self.stage.key }?.run?.result == "Succeeded")
        #expect(entries.filter { $0.key != Self.stage.key } == firstNote.filter { $0.key != Self.stage.key })

        let unrelated = ["0000000000000000000000000000000000000000": "old", Make.commit1: "x", Make.commit2: "y"]
        #expect(
            StatusBatch(reports: still.reports, branch: Make.branch).noteChanges(stored: unrelated).removals == [
                "0000000000000000000000000000000000000000"
            ])
    }

    @Test("a commit's note reads back as exactly the batch's notes for that commit")
    func notesReadBack() throws {
        for pass in [
            try runningPass(), Pass(desired: Self.estate + [Make.plan(), Self.stage], observed: Self.readyEstate),
        ] {
            let batch = StatusBatch(reports: pass.reports, branch: Make.branch)
            for (commit, text) in batch.noteTexts {
                #expect(try StatusBatch.parseCommitNote(text) == Array(batch.notes(ofCommit: commit)))
            }
        }
    }

    @Test(
        "a batch that reuses the last one, with some objects changed or moved to another commit, equals one built afresh"
    )
    func reusedBatchEqualsFresh() throws {
        let before = StatusBatch(reports: try runningPass().reports, branch: Make.branch)
        // The fixtures' running and succeeded runs share a resource version; a real server
        // gives the later one a new version.
        var succeeded = try Fixture.observed("migmigration-succeeded")
        succeeded.object.resourceVersion = "42"
        let scenarios: [Pass] = [
            Pass(
                desired: Self.estate + [Make.plan(), Self.stage],
                observed: Self.readyEstate + [Self.readyPlan, succeeded]),
            Pass(
                desired: Self.estate + [Make.plan(commit: Make.commit2), Self.stage],
                observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-running")]),
            Pass(
                desired: Self.estate.map {
                    var d = $0; d.commit = Make.commit2; return d
                } + [Make.plan(), Self.stage],
                observed: Self.readyEstate + [Self.readyPlan, succeeded]),
        ]
        for pass in scenarios {
            let reused = StatusBatch(reports: pass.reports, branch: Make.branch, reusing: before)
            let fresh = StatusBatch(reports: pass.reports, branch: Make.branch)
            #expect(reused.notes == fresh.notes)
            #expect(reused.noteTexts == fresh.noteTexts)
            #expect(reused.fileTexts == fresh.fileTexts)
            for note in fresh.notes {
                #expect(reused.notes(ofCommit: note.commit).contains(note))
            }
        }
    }

    @Test("a stored note splits into one text per object")
    func noteFragments() throws {
        let batch = StatusBatch(reports: try runningPass().reports, branch: Make.branch)
        let text = try #require(batch.noteTexts[Make.commit1])
        let fragments = StatusBatch.noteFragments(text)
        #expect(fragments.count == batch.notes.count)
        #expect(fragments.allSatisfy { $0.hasPrefix("- ") && $0.hasSuffix("\n") })
        #expect(text.hasSuffix(fragments.joined()))
        #expect(StatusBatch.noteFragments("# not a note\n").isEmpty)
    }

    @Test("status files hold exactly each note's own document")
    func fileTextsMatchNotes() throws {
        let batch = StatusBatch(reports: try runningPass().reports, branch: Make.branch)
        #expect(batch.fileTexts.count == batch.notes.count)
        for note in batch.notes {
            #expect(batch.fileTexts[note.statusPath] == note.yaml)
        }
    }

    @Test("a note is rebuilt only when what it was built from changed")
    func batchReuse() throws {
        let first = try runningPass()
        let firstBatch = StatusBatch(reports: first.reports, branch: Make.branch)
        // Same resourceVersion, different status: only a rebuild would see the difference,
        // so an unchanged note proves reuse.
        var progressed = try Fixture.observed("migmigration-succeeded")
        progressed.object.resourceVersion = try Fixture.observed("migmigration-running").object.resourceVersion
        let sameVersion = Pass(
            desired: Self.estate + [Make.plan(), Self.stage], observed: Self.readyEstate + [Self.readyPlan, progressed])
        let reused = StatusBatch(reports: sameVersion.reports, branch: Make.branch, reusing: firstBatch)
        #expect(reused.noteTexts == firstBatch.noteTexts)

        progressed.object.resourceVersion = "42"
        let newVersion = Pass(
            desired: Self.estate + [Make.plan(), Self.stage], observed: Self.readyEstate + [Self.readyPlan, progressed])
        let rebuilt = StatusBatch(reports: newVersion.reports, branch: Make.branch, reusing: firstBatch)
        #expect(rebuilt.notes.first { $0.key == Self.stage.key }?.run?.result == "Succeeded")
        #expect(rebuilt.noteTexts == StatusBatch(reports: newVersion.reports, branch: Make.branch).noteTexts)
        #expect(rebuilt.noteChanges(stored: firstBatch.noteTexts).writes.keys.sorted() == [Make.commit1])

        let otherBranch = StatusBatch(reports: sameVersion.reports, branch: "release", reusing: firstBatch)
        #expect(otherBranch.notes.allSatisfy { $0.revision?.branch == "release" })
    }

    @Test(
        "status files are named by kind and name",
        arguments: [
            (ObjectKey(kind: .migPlan, name: "shop"), "status/migplan/shop.yaml"),
            (ObjectKey(kind: .migMigration, name: "shop-stage-1"), "status/migmigration/shop-stage-1.yaml"),
            (ObjectKey(kind: .migHook, namespace: "other", name: "h"), "status/mighook/other.h.yaml"),
        ])
    func statusPath(key: ObjectKey, path: String) {
        let note = StatusNote(
            key: key, commit: "ab", source: nil, revision: nil, sync: .synced,
            summary: ConditionSummary(conditions: []), conditions: [])
        #expect(note.statusPath == path)
    }

    @Test("runs seen on the cluster are remembered as created, through the stored notes")
    func createdRunsFromNotes() throws {
        let waiting = Make.run("shop-cutover", stage: false)
        let pass = Pass(
            desired: Self.estate + [Make.plan(), Self.stage, waiting],
            observed: Self.readyEstate + [Self.readyPlan, try Fixture.observed("migmigration-running")])
        let stored = StatusBatch(reports: pass.reports, branch: Make.branch).noteTexts
        let notes = try stored.values.flatMap(StatusBatch.parseCommitNote)
        #expect(StatusBatch.createdRuns(in: notes) == [Self.stage.key])
        // The created run then disappears from the cluster: it is not created again.
        let diff = Diff(
            desired: Self.estate + [Make.plan(), Self.stage, waiting], observed: Self.readyEstate + [Self.readyPlan],
            branch: Make.branch, createdRuns: StatusBatch.createdRuns(in: notes))
        #expect(diff[Self.stage.key]?.change == .runNotRecreated)
        if case .create = diff[waiting.key]?.change {} else { Issue.record("the never-created run is still created") }
    }

    @Test("objects with no known commit get no note")
    func noCommit() {
        var orphan = Make.observed(Make.cluster("old"))
        orphan.object.annotations = [:]
        let pass = Pass(desired: [], observed: [orphan])
        #expect(StatusBatch(reports: pass.reports, branch: Make.branch).notes.isEmpty)
    }

    // MARK: - YAML

    @Test(
        "strings that YAML could misread are quoted and read back unchanged",
        arguments: [
            "True", "false", "yes", "null", "~", "", "123", "0x1F", "1e5", "-x", "- item", "a: b", "a #b", "#c", "x:",
            "line\nbreak", "tab\there", "quote\"d", "back\\slash", "ünïcode ✓", "@at", "[list]", "{map}", " lead",
            "trail ", ",comma", ":colon", "main@sha1:abc", "Step: 24/38", "ctrl\u{1}char",
            "plain text (with parens), commas",
        ])
    func quoting(text: String) throws {
        let node = NoteYAML.Node.map([("value", .string(text)), ("list", .list([.string(text)]))])
        let rendered = NoteYAML.render(node)
        #expect(try NoteYAML.parse(rendered) == node, "\(rendered)")
    }

    @Test("plain words stay unquoted for readability")
    func plain() {
        #expect(NoteYAML.quoteIfNeeded("EnsureStageBackup") == "EnsureStageBackup")
        #expect(NoteYAML.quoteIfNeeded("main@sha1:abc") == "main@sha1:abc")
        #expect(NoteYAML.quoteIfNeeded("True") == "\"True\"")
        #expect(NoteYAML.quoteIfNeeded("1111") == "\"1111\"")
        #expect(NoteYAML.quoteIfNeeded(",comma") == "\",comma\"")
        #expect(NoteYAML.quoteIfNeeded("@at") == "\"@at\"")
        #expect(NoteYAML.quoteIfNeeded("a: b") == "\"a: b\"")
        #expect(NoteYAML.quoteIfNeeded("a #b") == "\"a #b\"")
    }

    @Test(
        "malformed notes are refused with a reason",
        arguments: [
            "kind: MigPlan\n", "kind: Nope\nname: a\nnamespace: b\ncommit: c\nsync: Synced\n", "a\n", "x: \"open\n",
        ])
    func malformed(text: String) {
        #expect(throws: StatusNoteError.self) { try StatusNote(parsing: text) }
    }
}
