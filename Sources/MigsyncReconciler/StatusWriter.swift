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
    /// Where the remote's status reference is fetched to.
    static let fetchedRef = "refs/migsync/remote-status"
    /// The scratch reference new status commits are built on before they are pushed.
    static let outgoingRef = "refs/migsync/outgoing-status"
    static let statusBranch = "refs/heads/migsync/status"

    public let mode: StatusMode
    let repository: GitRepository
    let url: String
    let credentials: GitCredentials
    let identity: GitIdentity
    let logger: Logger
    /// The stored texts as of `cachedTip`, so a pass need not re-read every note.
    private var cachedTip: GitObjectID?
    private var cachedTexts: [String: String] = [:]

    public init(
        mode: StatusMode, repository: GitRepository, url: String, credentials: GitCredentials,
        identity: GitIdentity = .migsync, logger: Logger
    ) {
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
        case .notes: return GitRepository.migsyncNotesRef
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
            try repository.fetch(url: url, refspecs: ["+\(remoteRef):\(Self.fetchedRef)"], credentials: credentials)
        }
        try repository.updateReference(Self.fetchedRef, to: tip)
        var texts: [String: String] = [:]
        switch mode {
        case .notes:
            for (commit, text) in try repository.notes(notesRef: Self.fetchedRef) { texts[commit.hex] = text }
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

    /// Writes the batch's changed texts as one commit and pushes it.
    ///
    /// - Parameter remoteTip: the remote status reference's tip as last seen (`nil`: absent).
    /// - Returns: the number of commits pushed (0 when nothing changed, else 1).
    public func write(_ batch: StatusBatch, remoteTip: GitObjectID?) throws -> Int {
        guard let remoteRef else { return 0 }
        var tip = remoteTip
        for attempt in 1...5 {
            let stored = try storedTexts(remoteTip: tip)
            var changes: [String: [UInt8]?] = [:]
            switch mode {
            case .notes:
                // Removals are not applied: a run's note is how a restarted process knows the
                // run was created, and notes on old commits are history.
                for (commit, text) in batch.noteChanges(stored: stored).writes { changes[commit] = Array(text.utf8) }
            case .commit:
                let diff = batch.fileChanges(stored: stored)
                for (path, text) in diff.writes { changes[path] = Array(text.utf8) }
                for path in diff.removals { changes[path] = .some(nil) }
            case .none:
                return 0
            }
            if changes.isEmpty { return 0 }
            if let tip {
                try repository.updateReference(Self.outgoingRef, to: tip)
            } else if repository.readReference(Self.outgoingRef) != nil {
                try repository.deleteReference(Self.outgoingRef)
            }
            let message = "migsync status: \(changes.count) \(mode == .notes ? "note(s)" : "file(s)")\n"
            let commit = try repository.commit(
                on: Self.outgoingRef, parent: tip, changes: changes, message: message, identity: identity)
            CrashPoint.statusCommitted.reached()
            do {
                try repository.push(url: url, refspecs: ["\(Self.outgoingRef):\(remoteRef)"], credentials: credentials)
            } catch GitError.nonFastForward {
                logger.info("status push was not a fast-forward; retrying on the remote tip", metadata: ["attempt": "\(attempt)"])
                tip = try repository.remoteReferences(url: url, credentials: credentials)[remoteRef]
                continue
            }
            CrashPoint.statusPushed.reached()
            if mode == .notes { try repository.updateReference(GitRepository.migsyncNotesRef, to: commit) }
            var texts = stored
            for (key, value) in changes {
                if let value { texts[key] = String(decoding: value, as: UTF8.self) } else { texts[key] = nil }
            }
            try repository.updateReference(Self.fetchedRef, to: commit)
            cachedTip = commit
            cachedTexts = texts
            return 1
        }
        throw GitError.nonFastForward(ref: remoteRef)
    }
}
