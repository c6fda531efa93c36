/// All status notes of one pass, grouped the way they are stored, with what changed.
///
/// In notes mode one note per commit holds the objects whose file that commit last changed;
/// in commit mode each object has its own file. Either way only texts that differ from what
/// is stored are written, so a pass that changes nothing writes nothing.
public struct StatusBatch: Sendable, Hashable {
    /// What to write and remove to bring stored status up to date.
    public struct Changes: Sendable, Hashable {
        /// Texts to store, by commit (notes mode) or path (commit mode).
        public var writes: [String: String]
        /// Stored entries that no object of this pass belongs to any more.
        public var removals: [String]

        public init(writes: [String: String] = [:], removals: [String] = []) {
            self.writes = writes
            self.removals = removals
        }

        public var isEmpty: Bool { writes.isEmpty && removals.isEmpty }
    }

    /// Notes sorted by commit, then object.
    public var notes: [StatusNote]

    public init(notes: [StatusNote]) {
        self.notes = notes.sorted { ($0.commit, $0.key) < ($1.commit, $1.key) }
    }

    /// Notes for every report that has a commit.
    public init(reports: [ObjectReport], branch: String) {
        self.init(notes: reports.compactMap { StatusNote(report: $0, branch: branch) })
    }

    /// The note text for each commit (notes mode).
    public var noteTexts: [String: String] {
        Dictionary(grouping: notes, by: \.commit).mapValues(Self.commitNote)
    }

    /// The file text for each status path (commit mode).
    public var fileTexts: [String: String] {
        Dictionary(notes.map { ($0.statusPath, $0.yaml) }, uniquingKeysWith: { first, _ in first })
    }

    /// Notes-mode changes against the stored notes (commit → text).
    public func noteChanges(stored: [String: String]) -> Changes {
        Self.changes(noteTexts, stored: stored)
    }

    /// Commit-mode changes against the stored files (path → text); only paths under
    /// `status/` are considered for removal.
    public func fileChanges(stored: [String: String]) -> Changes {
        Self.changes(fileTexts, stored: stored.filter { $0.key.hasPrefix("status/") })
    }

    static func changes(_ texts: [String: String], stored: [String: String]) -> Changes {
        Changes(
            writes: texts.filter { stored[$0.key] != $0.value },
            removals: stored.keys.filter { texts[$0] == nil }.sorted())
    }

    /// One commit's note: a document listing its objects in apply order.
    static func commitNote(_ notes: [StatusNote]) -> String {
        let sorted = notes.sorted { $0.key < $1.key }
        let commit = sorted.first?.commit ?? ""
        return NoteYAML.render(
            .map([("commit", .string(commit)), ("objects", .list(sorted.map(\.node)))]),
            header: "migsync status")
    }

    /// Reads a commit's note back into its objects' notes.
    public static func parseCommitNote(_ text: String) throws -> [StatusNote] {
        let node = try NoteYAML.parseNote(text)
        return try (node["objects"]?.items ?? []).map(StatusNote.init(node:))
    }
}
