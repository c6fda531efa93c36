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
    private let fingerprints: [ObjectReport.Fingerprint?]
    private let index: [ObjectKey: Int]

    public init(notes: [StatusNote]) {
        let sorted = notes.sorted { ($0.commit, $0.key) < ($1.commit, $1.key) }
        self.notes = sorted
        self.branch = nil
        self.fragments = sorted.map(Self.fragment)
        self.fingerprints = Array(repeating: nil, count: sorted.count)
        self.index = Dictionary(sorted.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
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
        let previous = previous?.branch == branch ? previous : nil
        // A reused note is kept as its position in the previous batch: copying ten thousand
        // note values only to find they are all unchanged would cost more than the check.
        enum Item {
            case reused(Int)
            case built(StatusNote, String, ObjectReport.Fingerprint?)
        }
        var items: [Item] = []
        items.reserveCapacity(reports.count)
        var allReused = previous != nil
        for report in reports {
            let fingerprint = report.fingerprint
            if let fingerprint, let previous, let at = previous.index[report.key],
                previous.fingerprints[at] == fingerprint
            {
                items.append(.reused(at))
            } else if let note = StatusNote(report: report, branch: branch) {
                items.append(.built(note, Self.fragment(note), fingerprint))
                allReused = false
            }
        }
        self.branch = branch
        // Every note taken over and none added or dropped: the last order and index hold.
        if allReused, let previous, items.count == previous.notes.count {
            self.notes = previous.notes
            self.fragments = previous.fragments
            self.fingerprints = previous.fingerprints
            self.index = previous.index
            return
        }
        let built = items.compactMap {
            item -> (note: StatusNote, fragment: String, fingerprint: ObjectReport.Fingerprint?)? in
            switch item {
            case .reused(let at):
                return previous.map { ($0.notes[at], $0.fragments[at], $0.fingerprints[at]) }
            case .built(let note, let fragment, let fingerprint):
                return (note, fragment, fingerprint)
            }
        }
        // Sort positions, not notes: moving ten thousand note values costs more than the
        // comparisons.
        let sortKeys = built.map { (commit: $0.note.commit, key: $0.note.key) }
        let order = sortKeys.indices.sorted { a, b in
            sortKeys[a].commit != sortKeys[b].commit
                ? sortKeys[a].commit < sortKeys[b].commit : sortKeys[a].key < sortKeys[b].key
        }
        self.notes = order.map { built[$0].note }
        self.fragments = order.map { built[$0].fragment }
        self.fingerprints = order.map { built[$0].fingerprint }
        self.index = Dictionary(
            order.enumerated().map { (built[$1].note.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The note text for each commit (notes mode).
    public var noteTexts: [String: String] {
        commitRanges.mapValues(commitText)
    }

    /// Notes-mode changes since the batch whose texts were last stored: only commits whose
    /// objects or texts differ are rendered, so a steady pass costs a comparison per object.
    public func noteChanges(since previous: StatusBatch) -> Changes {
        let before = previous.commitRanges
        let now = commitRanges
        var writes: [String: String] = [:]
        for (commit, range) in now {
            if let old = before[commit], old.count == range.count,
                zip(old, range).allSatisfy({ previous.fragments[$0] == fragments[$1] })
            {
                continue
            }
            writes[commit] = commitText(range)
        }
        return Changes(writes: writes, removals: before.keys.filter { now[$0] == nil }.sorted())
    }

    /// Commit-mode changes since the batch whose files were last stored.
    public func fileChanges(since previous: StatusBatch) -> Changes {
        var writes: [String: String] = [:]
        var paths: Set<String> = []
        for (position, note) in notes.enumerated() {
            let path = note.statusPath
            paths.insert(path)
            if let old = previous.index[note.key], previous.fragments[old] == fragments[position],
                previous.notes[old].statusPath == path
            {
                continue
            }
            writes[path] = fileText(position)
        }
        let removals = Set(previous.notes.map(\.statusPath)).subtracting(paths).sorted()
        return Changes(writes: writes, removals: removals)
    }

    /// Positions of each commit's notes (notes are sorted by commit, so they are contiguous).
    private var commitRanges: [String: Range<Int>] {
        var ranges: [String: Range<Int>] = [:]
        var start = notes.startIndex
        while start < notes.endIndex {
            let commit = notes[start].commit
            var end = start + 1
            while end < notes.endIndex && notes[end].commit == commit { end += 1 }
            ranges[commit] = start..<end
            start = end
        }
        return ranges
    }

    private func commitText(_ range: Range<Int>) -> String {
        var text = "# migsync status\ncommit: \(NoteYAML.quoteIfNeeded(notes[range.lowerBound].commit))\nobjects:\n"
        for position in range { text += fragments[position] }
        return text
    }

    private func fileText(_ position: Int) -> String {
        "# migsync status of \(notes[position].key)\n" + Self.unindent(fragments[position])
    }

    /// The file text for each status path (commit mode).
    public var fileTexts: [String: String] {
        var texts: [String: String] = [:]
        for (position, note) in notes.enumerated() where texts[note.statusPath] == nil {
            texts[note.statusPath] = fileText(position)
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

    /// Runs that stored notes show were created on the cluster: such a run missing from the
    /// cluster later was deleted, and is not created again.
    public static func createdRuns(in notes: [StatusNote]) -> Set<ObjectKey> {
        Set(notes.lazy.filter { $0.key.kind.isRun && $0.run != nil }.map(\.key))
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
