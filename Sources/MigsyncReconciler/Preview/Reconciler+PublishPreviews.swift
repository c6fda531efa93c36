import Foundation
import MigsyncGit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Reconciler {
    /// Where the daemon writes pull-request previews (`--preview-refs`).
    public static let previewNotesRef = "refs/notes/migsync-preview"

    /// A preview is recomputed when its head or the branch moved, or after this long (the
    /// live cluster it is judged against changes too).
    static let previewRefreshInterval: Duration = .seconds(600)

    /// Writes the `migsync plan` preview of every remote reference matching one of
    /// `patterns` (e.g. `refs/pull/*/head`) as a note on its head commit under
    /// ``previewNotesRef``, in one commit and one push; only previews that changed are written.
    ///
    /// - Returns: how many notes were written, and the errors met (per reference).
    public func publishPreviews(matching patterns: [String]) async -> (written: Int, errors: [String]) {
        guard !patterns.isEmpty else { return (0, []) }
        var errors: [String] = []
        let references: [String: GitObjectID]
        do {
            references = try repository.remoteReferences(url: options.url, credentials: options.credentials)
        } catch {
            return (0, ["list references: \(error)"])
        }
        let base = references["refs/heads/\(options.branch)"]
        var texts: [String: String] = [:]
        for (name, head) in references.sorted(by: { $0.key < $1.key })
        where patterns.contains(where: { fnmatch($0, name, FNM_PATHNAME) == 0 }) {
            if let cached = previewCache[name], cached.head == head, cached.base == base,
                ContinuousClock.now - cached.at < Self.previewRefreshInterval
            {
                continue
            }
            do {
                let preview = try await preview(baseRef: options.branch, headRef: name)
                texts[head.hex] = preview.markdown
                previewCache[name] = PreviewCacheEntry(head: head, base: base, at: ContinuousClock.now)
            } catch {
                errors.append("\(name): \(error)")
            }
        }
        guard !texts.isEmpty else { return (0, errors) }
        do {
            let written = try previewWriter.writeNotes(texts, remoteTip: references[Self.previewNotesRef])
            return (written > 0 ? texts.count : 0, errors)
        } catch {
            return (0, errors + ["write previews: \(error)"])
        }
    }
}

/// When a reference's preview was last computed, and from which commits.
struct PreviewCacheEntry {
    var head: GitObjectID
    var base: GitObjectID?
    var at: ContinuousClock.Instant
}
