import Foundation

/// The Git facts of the commit that last changed a run's file, for policies that look at who
/// asked for a run and when (`commit` in policy expressions).
public struct CommitFacts: Sendable, Hashable {
    /// A commit's author or committer.
    public struct Person: Sendable, Hashable {
        public var name: String
        public var email: String

        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    public var id: String
    public var author: Person
    public var committer: Person
    /// The committer time: when the change entered the branch's history.
    public var time: Date
    public var message: String
    /// Trailers of the message (`Approved-by: ...`), each key with its values in order.
    public var trailers: [String: [String]]

    /// Facts of one commit; `trailers` defaults to the ones parsed from `message`.
    public init(
        id: String, author: Person, committer: Person, time: Date, message: String,
        trailers: [String: [String]]? = nil
    ) {
        self.id = id
        self.author = author
        self.committer = committer
        self.time = time
        self.message = message
        self.trailers = trailers ?? CommitFacts.trailers(in: message)
    }

    /// The `Key: value` lines of the message's last paragraph, as `git interpret-trailers`
    /// reads them; a last paragraph with any other line holds no trailers.
    public static func trailers(in message: String) -> [String: [String]] {
        let paragraphs = message.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        guard paragraphs.count > 1, let last = paragraphs.last else { return [:] }
        var trailers: [String: [String]] = [:]
        for line in last.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { return [:] }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, !key.contains(" ") else { return [:] }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            trailers[key, default: []].append(value)
        }
        return trailers
    }
}

/// One approval of a run: a signed commit whose signature the daemon verified against its
/// trusted keys. The reconciler decides what counts as an approval; policies only count them.
public struct Approval: Sendable, Hashable {
    /// The identity the trusted key belongs to, e.g. `ana@example.com`.
    public var signer: String
    /// The approving commit.
    public var commit: String
    public var time: Date

    public init(signer: String, commit: String, time: Date) {
        self.signer = signer
        self.commit = commit
        self.time = time
    }
}
