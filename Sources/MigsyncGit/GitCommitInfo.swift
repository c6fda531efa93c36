import Foundation

/// Who made a commit and when, as recorded in it.
public struct GitPersonStamp: Sendable, Hashable {
    public let name: String
    public let email: String
    public let date: Date
    /// The author's or committer's UTC offset in minutes, as recorded.
    public let timeZoneOffsetMinutes: Int

    public init(name: String, email: String, date: Date, timeZoneOffsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.date = date
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    }
}

/// The metadata of one commit.
public struct GitCommitInfo: Sendable {
    public let id: GitObjectID
    /// First parent first; empty for a root commit, two or more for a merge.
    public let parents: [GitObjectID]
    public let author: GitPersonStamp
    public let committer: GitPersonStamp
    /// The full message.
    public let message: String
    /// The first paragraph of the message, on one line.
    public let summary: String
    /// `Key: value` lines of the message's last paragraph (e.g. `Approved-by`), in order.
    public let trailers: [(key: String, value: String)]

    public init(
        id: GitObjectID,
        parents: [GitObjectID],
        author: GitPersonStamp,
        committer: GitPersonStamp,
        message: String,
        summary: String,
        trailers: [(key: String, value: String)]
    ) {
        self.id = id
        self.parents = parents
        self.author = author
        self.committer = committer
        self.message = message
        self.summary = summary
        self.trailers = trailers
    }

    /// The values of every trailer named `key` (case-insensitive), in order.
    public func trailerValues(_ key: String) -> [String] {
        trailers.filter { $0.key.lowercased() == key.lowercased() }.map(\.value)
    }
}

/// A commit's signature and the exact bytes it signs.
public struct GitCommitSignature: Sendable, Hashable {
    /// The armored signature (`-----BEGIN SSH SIGNATURE-----` or `-----BEGIN PGP SIGNATURE-----`).
    public let signature: String
    /// The commit object without its signature header: what the signer signed.
    public let signedPayload: String

    public init(signature: String, signedPayload: String) {
        self.signature = signature
        self.signedPayload = signedPayload
    }

    /// `ssh`, `openpgp`, `x509` or `unknown`, from the armor line.
    public var format: String {
        if signature.contains("BEGIN SSH SIGNATURE") { return "ssh" }
        if signature.contains("BEGIN PGP SIGNATURE") { return "openpgp" }
        if signature.contains("BEGIN SIGNED MESSAGE") { return "x509" }
        return "unknown"
    }
}
