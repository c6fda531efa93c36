import Foundation

/// What `migsync status` prints: one entry per object Git declares or migsync manages, with
/// the cluster's state (as the pass just observed it) beside the state last written to Git.
///
/// Both sides are shown because they can disagree for a reason an operator needs to see: a
/// note lags until the next pass writes, and a run deleted by hand is gone from the cluster
/// but still in the notes.
public struct StatusListing: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var kind: String
        public var namespace: String
        public var name: String
        /// The manifest path in the repository, when Git declares the object.
        public var source: String?
        /// `Synced`, `Deferred`, `OutOfSync`, `Failed`, `Pruning` or `Orphaned`.
        public var sync: String
        /// migsync's conditions (`Ready`, and `Reconciling`/`Stalled` when true).
        public var conditions: [Condition]
        public var run: Run?
        /// The status stored in Git for this object, `nil` when none was written yet.
        public var note: Note?

        public var ready: Condition? { conditions.first { $0.type == "Ready" } }
    }

    public struct Condition: Sendable, Hashable, Codable {
        public var type: String
        public var status: String
        public var reason: String
        public var message: String
    }

    public struct Run: Sendable, Hashable, Codable {
        public var type: String
        public var phase: String?
        public var result: String
        public var started: String?
        public var ended: String?
    }

    public struct Note: Sendable, Hashable, Codable {
        /// The commit the note is attached to (notes mode) or names (commit mode).
        public var commit: String
        public var sync: String
        public var ready: String
        public var reason: String
        public var phase: String?
    }

    public var revision: String?
    public var entries: [Entry]

    /// Builds the listing from a pass's reports and the notes read from Git.
    ///
    /// When an object has notes on several commits, the one on the commit the object is at
    /// now is shown; otherwise the note of the object's newest-looking commit is kept.
    public init(reports: [ObjectReport], storedNotes: [StatusNote], revision: Revision?, branch: String) {
        self.revision = revision.map { "\($0.branch)@sha1:\($0.commit)" }
        let notesByKey = Dictionary(grouping: storedNotes, by: \.key)
        entries = reports.sorted { $0.key < $1.key }.map { report in
            let current = report.desired?.revision(branch: branch).commit ?? report.observed?.revision?.commit
            let candidates = notesByKey[report.key] ?? []
            let note = candidates.first { $0.commit == current } ?? candidates.first
            return Entry(
                kind: report.key.kind.rawValue, namespace: report.key.namespace, name: report.key.name,
                source: report.desired?.sourcePath ?? report.observed?.sourcePath,
                sync: report.syncState.rawValue,
                conditions: report.summary.conditions.map(Condition.init),
                run: report.runState.map(Run.init),
                note: note.map(Note.init))
        }
    }

    /// kubectl-style columns: `KIND NAME SYNC READY REASON PHASE NOTE MESSAGE`.
    public var table: String {
        var rows: [[String]] = [["KIND", "NAME", "SYNC", "READY", "REASON", "PHASE", "NOTE", "MESSAGE"]]
        for entry in entries {
            let ready = entry.ready
            let stalledOrReconciling = entry.conditions.first { $0.type != "Ready" }
            let reason = stalledOrReconciling?.reason ?? ready?.reason ?? ""
            let message = stalledOrReconciling?.message ?? ready?.message ?? ""
            let phase = entry.run.map { $0.phase ?? "Pending" } ?? "-"
            let note = entry.note.map { "\($0.sync)@\($0.commit.prefix(7))" } ?? "<none>"
            let name = entry.namespace == ObjectKey.defaultNamespace ? entry.name : "\(entry.namespace)/\(entry.name)"
            rows.append([entry.kind, name, entry.sync, ready?.status ?? "Unknown", reason, phase, note, message])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var lines: [String] = []
        for row in rows {
            var line = ""
            for (index, cell) in row.enumerated() {
                let isLast = index == row.count - 1
                line += isLast ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        if entries.isEmpty { return "No objects declared in Git or managed by migsync.\n" }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension StatusListing.Condition {
    init(_ condition: SyncCondition) {
        self.init(
            type: condition.type.rawValue, status: condition.status ? "True" : "False",
            reason: condition.reason.rawValue, message: condition.message)
    }
}

extension StatusListing.Run {
    init(_ state: RunState) {
        self.init(
            type: state.kind.rawValue, phase: state.phase, result: state.result.name, started: state.started,
            ended: state.ended)
    }
}

extension StatusListing.Note {
    init(_ note: StatusNote) {
        let ready = note.summary.ready
        self.init(
            commit: note.commit, sync: note.sync.rawValue,
            ready: ready.map { $0.status ? "True" : "False" } ?? "Unknown",
            reason: ready?.reason.rawValue ?? "", phase: note.run?.phase)
    }
}
