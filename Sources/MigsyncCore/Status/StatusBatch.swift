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
    public let notes: [StatusNote]
    /// The branch the notes' revisions name.
    public let branch: String?
    /// Each note rendered as an item of a commit note's `objects` list.
    private let fragments: [String]
    /// What each note was built from, so the next pass can reuse it.
    private let fingerprints: [ObjectKey: ObjectReport.Fingerprint]

    public init(notes: [StatusNote]) {
        let sorted = notes.sorted { ($0.commit, $0.key) < ($1.commit, $1.key) }
        self.notes = sorted
        self.branch = nil
        self.fragments = sorted.map(Self.fragment)
        self.fingerprints = [:]
    }

    /// Notes for every report that has a commit.
    ///
    /// - Parameters:
    ///   - reports: the pass's object reports.
    ///   - branch: the tracked branch.
    ///   - previous: the last pass's batch. A note whose report has the same fingerprint
    ///     (same manifest revision, same cluster object version, same actions, deferrals and
    ///     failure) is taken over with its rendered text instead of being built again.
    public init(reports: [ObjectReport], branch: String, reusing previous: StatusBatch? = nil) {
        var reusable: [ObjectKey: (note: StatusNote, fragment: String)] = [:]
        if let previous, previous.branch == branch {
            for (note, fragment) in zip(previous.notes, previous.fragments) {
                reusable[note.key] = (note, fragment)
            }
        }
        var built: [(note: StatusNote, fragment: String)] = []
        built.reserveCapacity(reports.count)
        var fingerprints: [ObjectKey: ObjectReport.Fingerprint] = [:]
        for report in reports {
            let fingerprint = report.fingerprint
            if let fingerprint { fingerprints[report.key] = fingerprint }
            if let fingerprint, let old = reusable[report.key], previous?.fingerprints[report.key] == fingerprint {
                built.append(old)
            } else if let note = StatusNote(report: report, branch: branch) {
                built.append((note, Self.fragment(note)))
            }
        }
        built.sort { ($0.note.commit, $0.note.key) < ($1.note.commit, $1.note.key) }
        self.notes = built.map(\.note)
        self.fragments = built.map(\.fragment)
        self.branch = branch
        self.fingerprints = fingerprints
    }

    /// The note text for each commit (notes mode).
    public var noteTexts: [String: String] {
        var texts: [String: String] = [:]
        var index = notes.startIndex
        while index < notes.endIndex {
            let commit = notes[index].commit
            var text = "# migsync status\ncommit: \(NoteYAML.quoteIfNeeded(commit))\nobjects:\n"
            while index < notes.endIndex && notes[index].commit == commit {
                text += fragments[index]
                index += 1
            }
            texts[commit] = text
        }
        return texts
    }

    /// The file text for each status path (commit mode).
    public var fileTexts: [String: String] {
        var texts: [String: String] = [:]
        for (note, fragment) in zip(notes, fragments) where texts[note.statusPath] == nil {
            texts[note.statusPath] = "# migsync status of \(note.key)\n" + Self.unindent(fragment)
        }
        return texts
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

    /// Reads a commit's note back into its objects' notes.
    public static func parseCommitNote(_ text: String) throws -> [StatusNote] {
        let node = try NoteYAML.parseNote(text)
        return try (node["objects"]?.items ?? []).map(StatusNote.init(node:))
    }

    // MARK: - Rendering

    /// `- kind: ...` with the following lines indented by two: one item of `objects:`.
    static func fragment(_ note: StatusNote) -> String {
        NoteYAML.render(.list([note.node]))
    }

    /// A list item back to a standalone document: drop the dash and two spaces of indent.
    /// Scalars never span lines (newlines are escaped), so working line by line is safe.
    static func unindent(_ fragment: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(fragment.utf8.count)
        var atLineStart = true
        var skip = 2
        for byte in fragment.utf8 {
            if atLineStart && skip > 0 {
                skip -= 1
                continue
            }
            atLineStart = false
            out.append(byte)
            if byte == UInt8(ascii: "\n") {
                atLineStart = true
                skip = 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
