import KubeObjects

/// All status notes of one pass, grouped the way they are stored, with what changed.
///
/// In notes mode one note per commit holds the objects whose file that commit last changed;
/// in commit mode each object has its own file. Either way only texts that differ from what
/// is stored are written, so a pass that changes nothing writes nothing.
public struct StatusBatch: Sendable, Hashable {
    /// Equal when they hold the same notes for the same branch, however they were built.
    public static func == (lhs: StatusBatch, rhs: StatusBatch) -> Bool {
        lhs.branch == rhs.branch
            && lhs.entries.elementsEqual(rhs.entries) { $0.note == $1.note && $0.fragment == $1.fragment }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(branch)
        for entry in entries { hasher.combine(entry.note) }
    }

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

    /// One note with its text and what it was built from.
    ///
    /// A reference, so that a batch patched from the last one copies one pointer per note:
    /// a pass after a one-file commit copies the whole list.
    private final class Entry: Sendable {
        let note: StatusNote
        /// The note rendered as an item of a commit note's `objects` list.
        let fragment: String
        /// What the note was built from, so the next pass can reuse it.
        let fingerprint: ObjectReport.Fingerprint?

        init(_ note: StatusNote, _ fragment: String, _ fingerprint: ObjectReport.Fingerprint?) {
            self.note = note
            self.fragment = fragment
            self.fingerprint = fingerprint
        }

        var commit: String { note.commit }
    }

    /// Entries sorted by commit, then object.
    private let entries: [Entry]
    /// Notes sorted by commit, then object.
    public var notes: [StatusNote] { entries.map(\.note) }
    /// The branch the notes' revisions name.
    public let branch: String?
    private let index: [ObjectKey: Int]
    /// The pass objects the notes were built from, when built from them.
    private var objectsGeneration: Generation?
    /// Tells this batch apart, so a batch patched from it can say which notes it left alone.
    private let generation = Generation()
    /// When this batch is another one with a few notes put in: that batch, and the commits
    /// that gained or changed a note. Every other commit has that batch's notes, less any
    /// that moved to another commit.
    private var patchedFrom: (base: Generation, commits: Set<String>)?

    public init(notes: [StatusNote]) {
        let sorted = notes.sorted { ($0.commit, $0.key) < ($1.commit, $1.key) }
        self.entries = sorted.map { Entry($0, Self.fragment($0), nil) }
        self.branch = nil
        self.index = Dictionary(sorted.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Notes for the pass's objects.
    ///
    /// When `objects` were updated from the objects `previous` was built from, only the
    /// notes of the reports built again are looked at, and `previous` is patched with those
    /// that changed; otherwise this is ``init(reports:branch:reusing:)``.
    public init(objects: PassObjects, branch: String, reusing previous: StatusBatch? = nil) {
        if let previous, let patched = Self.patched(previous, with: objects, branch: branch) {
            self = patched
        } else {
            self.init(reports: objects.reports, branch: branch, reusing: previous)
        }
        objectsGeneration = objects.generation
    }

    /// `previous` with the changed notes of the reports `objects` built again; `nil` when
    /// `objects` were not updated from the objects `previous` was built from, or when a note
    /// was added or dropped (the list itself changes, and is built whole).
    private static func patched(_ previous: StatusBatch, with objects: PassObjects, branch: String) -> StatusBatch? {
        guard previous.branch == branch, let update = objects.update, update.base === previous.objectsGeneration
        else { return nil }
        var rebuilt: [Entry] = []
        var commits: Set<String> = []
        for report in update.rebuilt {
            let note = StatusNote(report: report, branch: branch)
            let at = previous.index[report.key]
            guard let note, let at else {
                if note == nil && at == nil { continue }
                return nil
            }
            let fingerprint = report.fingerprint
            let before = previous.entries[at]
            if let fingerprint, before.fingerprint == fingerprint { continue }
            let fragment = Self.fragment(note)
            if before.commit == note.commit, before.fragment == fragment { continue }
            rebuilt.append(Entry(note, fragment, fingerprint))
            // A commit whose note only loses an object is not touched: a stored note keeps
            // the entries of objects that moved on, so its text stays as it is.
            commits.insert(note.commit)
        }
        let (entries, index) = rebuilt.isEmpty ? (previous.entries, previous.index) : patching(previous, with: rebuilt)
        var batch = StatusBatch(branch: branch, entries: entries, index: index)
        batch.patchedFrom = (previous.generation, commits)
        return batch
    }

    private init(branch: String, entries: [Entry], index: [ObjectKey: Int]) {
        self.branch = branch
        self.entries = entries
        self.index = index
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
            case built(Entry)
        }
        var items: [Item] = []
        items.reserveCapacity(reports.count)
        var allReused = previous != nil
        for report in reports {
            let fingerprint = report.fingerprint
            if let fingerprint, let previous, let at = previous.index[report.key],
                previous.entries[at].fingerprint == fingerprint
            {
                items.append(.reused(at))
            } else if let note = StatusNote(report: report, branch: branch) {
                items.append(.built(Entry(note, Self.fragment(note), fingerprint)))
                allReused = false
            }
        }
        self.branch = branch
        // Every note taken over and none added or dropped: the last order and index hold.
        if allReused, let previous, items.count == previous.entries.count {
            self.entries = previous.entries
            self.index = previous.index
            return
        }
        // The same objects as last time with a few notes rebuilt (a one-file commit): patch
        // the last arrays instead of sorting ten thousand notes again.
        if let previous, items.count == previous.entries.count {
            var rebuilt: [Entry] = []
            for item in items {
                guard case .built(let entry) = item else { continue }
                rebuilt.append(entry)
                if rebuilt.count > 256 { break }
            }
            if rebuilt.count <= 256, rebuilt.allSatisfy({ previous.index[$0.note.key] != nil }) {
                (entries, index) = Self.patching(previous, with: rebuilt)
                return
            }
        }
        let built = items.compactMap { item -> Entry? in
            switch item {
            case .reused(let at): return previous?.entries[at]
            case .built(let entry): return entry
            }
        }
        // Sort positions, not notes: moving ten thousand note values costs more than the
        // comparisons.
        let sortKeys = built.map { (commit: $0.note.commit, key: $0.note.key) }
        let order = sortKeys.indices.sorted { a, b in
            sortKeys[a].commit != sortKeys[b].commit
                ? sortKeys[a].commit < sortKeys[b].commit : sortKeys[a].key < sortKeys[b].key
        }
        self.entries = order.map { built[$0] }
        self.index = Dictionary(
            order.enumerated().map { (built[$1].note.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `previous`'s entries with `rebuilt` ones (of objects `previous` has) put in: in place
    /// when their commit is the same, else removed and inserted at their new sorted position.
    private static func patching(_ previous: StatusBatch, with rebuilt: [Entry]) -> ([Entry], [ObjectKey: Int]) {
        var entries = previous.entries
        var moved: [(at: Int, entry: Entry)] = []
        for entry in rebuilt {
            guard let at = previous.index[entry.note.key] else { continue }
            if entries[at].commit == entry.commit {
                entries[at] = entry
            } else {
                moved.append((at, entry))
            }
        }
        if moved.isEmpty { return (entries, previous.index) }
        for at in moved.map(\.at).sorted(by: >) {
            entries.remove(at: at)
        }
        var touched = moved.map(\.at)
        for (_, entry) in moved {
            let low = SortedSearch.lowerBound(entries.count) {
                (entries[$0].commit, entries[$0].note.key) < (entry.commit, entry.note.key)
            }
            entries.insert(entry, at: low)
            touched.append(low)
        }
        // Only entries between the first and last position removed or inserted at moved (as
        // many went in as came out); a note moving to a new commit then re-indexes the notes
        // it passed, not all of them.
        var index = previous.index
        if let first = touched.min(), let last = touched.max() {
            for position in first...min(last + moved.count, entries.count - 1) {
                index[entries[position].note.key] = position
            }
        }
        return (entries, index)
    }

    /// The notes attached to `commit`, in object order.
    public func notes(ofCommit commit: String) -> [StatusNote] {
        let low = SortedSearch.lowerBound(entries.count) { entries[$0].commit < commit }
        var end = low
        while end < entries.count && entries[end].commit == commit { end += 1 }
        return entries[low..<end].map(\.note)
    }

    /// The note text for each commit (notes mode).
    public var noteTexts: [String: String] {
        commitRanges.mapValues(commitText)
    }

    /// Positions of each commit's notes (notes are sorted by commit, so they are contiguous).
    private var commitRanges: [String: Range<Int>] {
        var ranges: [String: Range<Int>] = [:]
        var start = entries.startIndex
        while start < entries.endIndex {
            let commit = entries[start].commit
            var end = start + 1
            while end < entries.endIndex && entries[end].commit == commit { end += 1 }
            ranges[commit] = start..<end
            start = end
        }
        return ranges
    }

    private func commitText(_ range: Range<Int>) -> String {
        var text = Self.noteHeader(commit: entries[range.lowerBound].commit)
        // Sized once: a note of thousands of objects grown by appends would hold up to
        // twice its size while it is written.
        text.reserveCapacity(text.utf8.count + entries[range].reduce(0) { $0 + $1.fragment.utf8.count })
        for position in range { text += entries[position].fragment }
        return text
    }

    private static func noteHeader(commit: String) -> String {
        "# migsync status\ncommit: \(NoteYAML.quoteIfNeeded(commit))\nobjects:\n"
    }

    private func fileText(_ position: Int) -> String {
        "# migsync status of \(entries[position].note.key)\n" + Self.unindent(entries[position].fragment)
    }

    /// The file text for each status path (commit mode).
    public var fileTexts: [String: String] {
        var texts: [String: String] = [:]
        for (position, entry) in entries.enumerated() where texts[entry.note.statusPath] == nil {
            let note = entry.note
            texts[note.statusPath] = fileText(position)
        }
        return texts
    }

    /// Notes-mode changes against the stored notes (commit → text).
    ///
    /// A stored note keeps the entries of objects that have moved on since it was written (a
    /// later commit changed their file, or they left Git): each note is the status its
    /// commit's version of those objects reached. Only the entries of objects still at a
    /// commit are rewritten, so a commit changing one file of a bootstrap commit of thousands
    /// writes one small note instead of rewriting the big one.
    ///
    /// - Parameters:
    ///   - storedNotes: the objects of a stored note (commit, text), in the note's order;
    ///     callers that parsed the notes already pass their cache.
    ///   - synced: a batch the stored texts are known to hold (the last one written or found
    ///     unchanged at the same tip). A commit whose objects are all still in that batch's
    ///     note for it, with the same text, needs no write and is not rendered: a steady
    ///     pass then costs a lookup per object instead of rendering every note.
    public func noteChanges(
        stored: [String: String],
        storedNotes: (String, String) -> [StatusNote]? = { try? StatusBatch.parseCommitNote($1) },
        synced: StatusBatch? = nil
    ) -> Changes {
        var writes: [String: String] = [:]
        let ranges = commitRanges
        for (commit, range) in ranges {
            if let synced, stored[commit] != nil,
                leftAlone(commit, since: synced) || synced.holds(self, range, commit: commit)
            {
                continue
            }
            let text = commitText(range)
            guard let old = stored[commit] else {
                writes[commit] = text
                continue
            }
            if old == text { continue }
            let carried = Self.carriedEntries(
                of: old, notes: storedNotes(commit, old), keeping: Set(entries[range].map(\.note.key)))
            let merged = carried.isEmpty ? text : mergedText(range, carried: carried)
            if merged != old { writes[commit] = merged }
        }
        return Changes(writes: writes, removals: stored.keys.filter { ranges[$0] == nil }.sorted())
    }

    /// Whether this batch was patched from `batch` without adding or changing a note of
    /// `commit`: its notes are then `batch`'s, or some of them, which is what ``holds`` asks.
    private func leftAlone(_ commit: String, since batch: StatusBatch) -> Bool {
        guard let patchedFrom, patchedFrom.base === batch.generation else { return false }
        return !patchedFrom.commits.contains(commit)
    }

    /// Whether this batch's note for `commit` already has every one of `batch`'s entries in
    /// `range` with the same text. Entries that left the note since are kept in it as stored,
    /// so the stored note is then exactly what a write would produce.
    private func holds(_ batch: StatusBatch, _ range: Range<Int>, commit: String) -> Bool {
        guard branch == batch.branch else { return false }
        for position in range {
            let entry = batch.entries[position]
            guard let at = index[entry.note.key], entries[at].commit == commit, entries[at].fragment == entry.fragment
            else { return false }
        }
        return true
    }

    /// The entries of a stored note whose objects are not among `keeping`, as their stored
    /// text; none when the note cannot be split into as many entries as it has objects.
    static func carriedEntries(of text: String, notes: [StatusNote]?, keeping: Set<ObjectKey>) -> [(
        key: ObjectKey, fragment: Substring
    )] {
        // Nothing to carry when every stored object is still at the commit: the note (which
        // can run to megabytes) is then not split at all.
        guard let notes, notes.contains(where: { !keeping.contains($0.key) }) else { return [] }
        let fragments = noteFragments(text)
        guard fragments.count == notes.count else { return [] }
        return zip(notes, fragments).compactMap { note, fragment in
            keeping.contains(note.key) ? nil : (note.key, fragment)
        }
    }

    /// A commit note's `objects` items as text. Items start with `- ` at the start of a line
    /// and continue with indented lines (scalars never span lines).
    static func noteFragments(_ text: String) -> [Substring] {
        // Byte offsets: walking characters of a note of thousands of objects is far slower.
        // A native string is scanned where it is stored; copying a note of megabytes into an
        // array first would double what it takes while a pass holds the most.
        guard
            let starts = text.utf8.withContiguousStorageIfAvailable({ itemOffsets($0) })
                ?? Array(text.utf8).withUnsafeBufferPointer({ itemOffsets($0) })
        else { return [] }
        let utf8 = text.utf8
        return starts.indices.map { position in
            let from = utf8.index(utf8.startIndex, offsetBy: starts[position])
            let to =
                position + 1 < starts.count
                ? utf8.index(utf8.startIndex, offsetBy: starts[position + 1]) : text.endIndex
            return text[from..<to]
        }
    }

    /// Offsets of the lines starting `objects` items (`- ` after the `objects:` line);
    /// `nil` when the text has no `objects:` line.
    private static func itemOffsets(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int]? {
        let marker = Array("\nobjects:\n".utf8)
        guard let markerStart = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) else { return nil }
        var starts: [Int] = []
        var lineStart = markerStart + marker.count
        while lineStart < bytes.count {
            if bytes[lineStart] == UInt8(ascii: "-") { starts.append(lineStart) }
            guard let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            lineStart = newline + 1
        }
        return starts
    }

    /// The note text for `range` with carried entries merged in, all in object order.
    private func mergedText(_ range: Range<Int>, carried: [(key: ObjectKey, fragment: Substring)]) -> String {
        var items = range.map { (key: entries[$0].note.key, fragment: Substring(entries[$0].fragment)) }
        items += carried
        items.sort { $0.key < $1.key }
        var text = Self.noteHeader(commit: entries[range.lowerBound].commit)
        for item in items { text += item.fragment }
        return text
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
