import CLibgit2

extension GitRepository {
    /// The notes reference migsync writes status to.
    public static let migsyncNotesRef = "refs/notes/migsync"

    /// The note attached to `commit` under `notesRef`, or `nil` when there is none.
    public func note(on commit: GitObjectID, notesRef: String = GitRepository.migsyncNotesRef) throws -> String? {
        var oid = commit.oid
        var note: OpaquePointer?
        let code = git_note_read(&note, pointer, notesRef, &oid)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(code, "read note on \(commit.short) in \(notesRef)")
        defer { git_note_free(note) }
        return git_note_message(note).map { String(cString: $0) }
    }

    /// Attaches `text` to `commit` under `notesRef`, replacing any note already there, as a new
    /// commit on the notes reference authored by `identity`.
    public func setNote(
        _ text: String,
        on commit: GitObjectID,
        notesRef: String = GitRepository.migsyncNotesRef,
        identity: GitIdentity
    ) throws {
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_now(&signature, identity.name, identity.email), "write note: make signature")
        defer { git_signature_free(signature) }
        var target = commit.oid
        var noteID = git_oid()
        try check(
            git_note_create(&noteID, pointer, notesRef, signature, signature, &target, text, 1),
            "write note on \(commit.short) in \(notesRef)"
        )
    }

    /// Removes the note on `commit` under `notesRef`; does nothing when there is none.
    public func removeNote(
        on commit: GitObjectID,
        notesRef: String = GitRepository.migsyncNotesRef,
        identity: GitIdentity
    ) throws {
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_now(&signature, identity.name, identity.email), "remove note: make signature")
        defer { git_signature_free(signature) }
        var target = commit.oid
        let code = git_note_remove(pointer, notesRef, signature, signature, &target)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return
        }
        try check(code, "remove note on \(commit.short) in \(notesRef)")
    }

    /// Every note under `notesRef`, by the commit it annotates; empty when the reference does not
    /// exist.
    public func notes(notesRef: String = GitRepository.migsyncNotesRef) throws -> [GitObjectID: String] {
        final class Collector {
            var pairs: [(note: GitObjectID, target: GitObjectID)] = []
        }
        let collector = Collector()
        let code = withExtendedLifetime(collector) {
            git_note_foreach(
                pointer,
                notesRef,
                { noteBlob, annotated, payload in
                    guard let noteBlob, let annotated, let payload else { return 0 }
                    let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
                    collector.pairs.append((GitObjectID(noteBlob), GitObjectID(annotated)))
                    return 0
                },
                Unmanaged.passUnretained(collector).toOpaque()
            )
        }
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return [:]
        }
        try check(code, "list notes in \(notesRef)")
        var result: [GitObjectID: String] = [:]
        for pair in collector.pairs {
            result[pair.target] = String(decoding: try blobContents(pair.note), as: UTF8.self)
        }
        return result
    }
}
