import Foundation
import Logging
import MigsyncCore
import MigsyncGit

/// Writes a pass's status into Git: one commit on the notes reference (or the status branch)
/// holding every changed text, pushed once, and rebuilt on the remote's tip when the push is
/// not a fast-forward.
///
/// The tracked branch is never written. Stored texts are read from the remote's status
/// reference, so a restarted process recomputes and rewrites only what differs; the remote
/// reference only ever moves forward.
public final class StatusWriter {
    static let statusBranch = "refs/heads/migsync/status"
    /// Where the remote's status reference is fetched to.
    let fetchedRef: String
    /// The scratch reference new status commits are built on before they are pushed.
    let outgoingRef: String
    /// The notes reference written in notes mode.
    let notesRef: String

    public let mode: StatusMode
    let repository: GitRepository
    let url: String
    let credentials: GitCredentials
    let identity: GitIdentity
    let logger: Logger
    /// The stored texts as of `cachedTip`, so a pass need not re-read every note.
    private var cachedTip: GitObjectID?
    private var cachedTexts: [String: String] = [:]
    /// The last batch the notes at a tip are known to hold (written, or found unchanged),
    /// so the next write on that tip renders only the notes whose objects changed.
    private var synced: (batch: StatusBatch, tip: GitObjectID?)?
    /// The texts the last write stored (commit or path → text), so a caller can keep what it
    /// knows of them instead of reading them back.
    public private(set) var lastWrittenTexts: [String: String] = [:]

    public init(
        mode: StatusMode, repository: GitRepository, url: String, credentials: GitCredentials,
        identity: GitIdentity = .migsync, logger: Logger, notesRef: String = GitRepository.migsyncNotesRef
    ) {
        self.notesRef = notesRef
        let suffix =
            notesRef == GitRepository.migsyncNotesRef
            ? "status" : String(notesRef.split(separator: "/").last ?? "notes")
        fetchedRef = "refs/migsync/remote-\(suffix)"
        outgoingRef = "refs/migsync/outgoing-\(suffix)"
        self.mode = mode
        self.repository = repository
        self.url = url
        self.credentials = credentials
        self.identity = identity
        self.logger = logger
    }

    /// The remote reference status goes to.
    public var remoteRef: String? {
        switch mode {
        case .notes: return notesRef
        case .commit: return Self.statusBranch
        case .none: return nil
        }
    }

    /// The stored status texts (notes mode: commit hex → note; commit mode: path → file) at
    /// the remote tip `tip`, fetching it when it is not here yet.
    public func storedTexts(remoteTip tip: GitObjectID?) throws -> [String: String] {
        guard let tip, let remoteRef else { return [:] }
        if tip == cachedTip { return cachedTexts }
        if !repository.contains(tip) {
            try repository.fetch(url: url, refspecs: ["+\(remoteRef):\(fetchedRef)"], credentials: credentials)
        }
        try repository.updateReference(fetchedRef, to: tip)
        var texts: [String: String] = [:]
        switch mode {
        case .notes:
            for (commit, text) in try repository.notes(notesRef: fetchedRef) { texts[commit.hex] = text }
        case .commit:
            for entry in try repository.treeEntries(at: tip, under: "status") {
                texts[entry.path] = String(decoding: try repository.blobContents(entry.blobID), as: UTF8.self)
            }
        case .none:
            break
        }
        cachedTip = tip
        cachedTexts = texts
        return texts
    }

    /// Lets go of the last batch written. The next write compares every note's text with
    /// what is stored instead; a caller does this before building a batch that will share
    /// little with the last one, so that the two are not held at once.
    public func forgetSyncedBatch() {
        synced = nil
    }

    /// Writes the batch's changed texts as one commit and pushes it.
    ///
    /// - Parameters:
    ///   - remoteTip: the remote status reference's tip as last seen (`nil`: absent).
    ///   - storedNotes: the objects of a stored note (commit, text); a caller that parsed
    ///     them already passes its cache.
    ///   - replacing: called with the names of the texts about to be replaced, before the
    ///     commit and the push, so a caller holding copies of them lets them go too.
    /// - Returns: the number of commits pushed (0 when nothing changed, else 1).
    public func write(
        _ batch: StatusBatch, remoteTip: GitObjectID?,
        storedNotes: (String, String) -> [StatusNote]? = { try? StatusBatch.parseCommitNote($1) },
        replacing: (Set<String>) -> Void = { _ in }
    ) throws -> Int {
        // Taken out rather than copied: once compared, the last batch is not needed, and a
        // batch of ten thousand notes should not stay alive through the commit and push.
        var synced = self.synced
        self.synced = nil
        lastWrittenTexts = [:]
        var base = remoteTip
        let written = try write(remoteTip: remoteTip, replacing: replacing) { stored, tip in
            base = tip
            var changes: [String: String?] = [:]
            switch mode {
            case .notes:
                // Removals are not applied: a run's note is how a restarted process knows the
                // run was created, and notes on old commits are history.
                let changed = batch.noteChanges(
                    stored: stored, storedNotes: storedNotes, synced: synced?.tip == tip ? synced?.batch : nil)
                synced = nil
                for (commit, text) in changed.writes { changes[commit] = text }
            case .commit:
                let diff = batch.fileChanges(stored: stored)
                for (path, text) in diff.writes { changes[path] = text }
                for path in diff.removals { changes[path] = .some(nil) }
            case .none:
                break
            }
            return changes
        }
        self.synced = (batch, written > 0 ? cachedTip : base)
        return written
    }

    /// Writes notes (commit hex → text) that differ from the stored ones, in one commit and
    /// one push; other notes are kept. Notes mode only.
    public func writeNotes(_ texts: [String: String], remoteTip: GitObjectID?) throws -> Int {
        guard mode == .notes else { return 0 }
        return try write(remoteTip: remoteTip) { stored, _ in
            var changes: [String: String?] = [:]
            for (commit, text) in texts where stored[commit] != text { changes[commit] = text }
            return changes
        }
    }

    /// The write loop: `changes` turns the stored texts into the files to change; the commit
    /// is built on the remote tip and pushed, and rebuilt on the new tip when the push is not
    /// a fast-forward.
    ///
    /// The texts a write replaces are let go before the commit and the push (from the cache
    /// of stored texts too, which is then rebuilt from what was pushed): rewriting a note of
    /// thousands of objects would otherwise hold its old text, its new text and libgit2's
    /// copy of the new one at once.
    private func write(
        remoteTip: GitObjectID?, replacing: (Set<String>) -> Void = { _ in },
        changes makeChanges: ([String: String], GitObjectID?) -> [String: String?]
    ) throws -> Int {
        guard let remoteRef, mode != .none else { return 0 }
        var tip = remoteTip
        for attempt in 1...5 {
            var texts = try storedTexts(remoteTip: tip)
            let changes = makeChanges(texts, tip)
            if changes.isEmpty { return 0 }
            for name in changes.keys { texts[name] = nil }
            cachedTip = nil
            cachedTexts = [:]
            replacing(Set(changes.keys))
            if let tip {
                try repository.updateReference(outgoingRef, to: tip)
            } else if repository.readReference(outgoingRef) != nil {
                try repository.deleteReference(outgoingRef)
            }
            let message = "migsync status: \(changes.count) \(mode == .notes ? "note(s)" : "file(s)")\n"
            let commit = try repository.commit(
                on: outgoingRef, parent: tip, changes: changes, message: message, identity: identity)
            CrashPoint.statusCommitted.reached()
            do {
                try repository.push(url: url, refspecs: ["\(outgoingRef):\(remoteRef)"], credentials: credentials)
            } catch GitError.nonFastForward {
                logger.info(
                    "status push was not a fast-forward; retrying on the remote tip",
                    metadata: ["attempt": "\(attempt)"])
                tip = try repository.remoteReferences(url: url, credentials: credentials)[remoteRef]
                continue
            }
            CrashPoint.statusPushed.reached()
            if mode == .notes { try repository.updateReference(notesRef, to: commit) }
            try repository.updateReference(fetchedRef, to: commit)
            for (key, value) in changes {
                texts[key] = value
                if let value { lastWrittenTexts[key] = value }
            }
            cachedTip = commit
            cachedTexts = texts
            return 1
        }
        throw GitError.nonFastForward(ref: remoteRef)
    }
}
