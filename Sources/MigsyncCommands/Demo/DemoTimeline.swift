import Foundation
import KubeObjects
import KubernetesClient
import MigsyncCore
import MigsyncGit

/// Prints what happens during the demo as it happens, each line stamped with the time since
/// the demo started: commits pushed, objects created, plans becoming Ready, run phases, and
/// status notes written back to Git.
///
/// It only watches (the cluster through the API, the served repository's notes); the
/// migsync daemon does all the work.
final class DemoTimeline {
    private let started = ContinuousClock.now
    private var known: [ObjectKey: Snapshot] = [:]
    private var noteTexts: [String: String] = [:]
    /// Commit id → the subject of the commit, for readable note lines.
    private var subjects: [String: String] = [:]

    struct Snapshot: Equatable {
        var ready: Bool
        var phase: String?
        var result: String?
    }

    func say(_ line: String) {
        let elapsed = ContinuousClock.now - started
        let seconds = Int(elapsed.components.seconds)
        let stamp = String(format: "%02d:%02d", seconds / 60, seconds % 60)
        FileHandle.standardOutput.write(Data("[\(stamp)] \(line)\n".utf8))
    }

    func committed(_ commit: GitObjectID, subject: String) {
        subjects[commit.hex] = subject
        say("commit \(commit.hex.prefix(7)) \"\(subject)\" pushed to the served repository")
    }

    /// Reads the cluster and the notes once and prints what changed since the last look.
    func observe(client: KubernetesClient, origin: GitRepository) async throws {
        for type in [ResourceType.migCluster, .migStorage, .migHook, .migPlan, .migMigration] {
            let list = try await client.listAll(type, namespace: ObjectKey.defaultNamespace)
            for object in list.items {
                guard let observed = ObservedObject(object: object) else { continue }
                record(observed)
            }
        }
        for (commit, text) in try origin.notes() where noteTexts[commit.hex] != text {
            let verb = noteTexts[commit.hex] == nil ? "written" : "updated"
            noteTexts[commit.hex] = text
            let objects = (try? StatusBatch.parseCommitNote(text)) ?? []
            let subject = subjects[commit.hex].map { " (\"\($0)\")" } ?? ""
            say(
                "status note \(verb) on \(commit.hex.prefix(7))\(subject): "
                    + objects.map { "\($0.key) \(Self.noteState($0))" }.joined(separator: ", "))
        }
    }

    private func record(_ observed: ObservedObject) {
        let state = observed.kind.isRun ? RunState(observed: observed.object) : nil
        let now = Snapshot(
            ready: observed.isReady, phase: state?.phase,
            result: state.map { $0.result.isTerminal ? $0.result.name : nil } ?? nil)
        let before = known[observed.key]
        known[observed.key] = now
        guard before != now else { return }
        if before == nil { say("\(observed.key) created on the cluster by migsync") }
        if let state {
            if let phase = now.phase, phase != before?.phase {
                let step = state.pipeline.first { $0.state == .running }.map { ", step \($0.name)" } ?? ""
                say("\(observed.key) phase \(phase)\(step)")
            }
            if let result = now.result, result != before?.result { say("\(observed.key) finished: \(result)") }
        } else if now.ready, before?.ready != true {
            say("\(observed.key) Ready")
        }
    }

    private static func noteState(_ note: StatusNote) -> String {
        if let run = note.run { return "\(run.result)\(run.phase.map { " (\($0))" } ?? "")" }
        return note.summary.isReady ? "Ready" : (note.summary.ready?.reason.rawValue ?? note.sync.rawValue)
    }

    /// Whether the note on `commit` reports `run` finished, and how.
    func runResult(_ run: ObjectKey, noteOn commit: GitObjectID) -> String? {
        guard let text = noteTexts[commit.hex] else { return nil }
        let notes = (try? StatusBatch.parseCommitNote(text)) ?? []
        guard let note = notes.first(where: { $0.key == run }), let result = note.run?.result else { return nil }
        return ["Succeeded", "SucceededWithWarnings", "Failed", "Canceled"].contains(result) ? result : nil
    }

    /// Whether the note on `commit` reports every one of `keys` Ready.
    func allReady(_ keys: [ObjectKey], noteOn commit: GitObjectID) -> Bool {
        guard let text = noteTexts[commit.hex] else { return false }
        let notes = Dictionary(
            ((try? StatusBatch.parseCommitNote(text)) ?? []).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        return keys.allSatisfy { notes[$0]?.summary.isReady ?? false }
    }
}
