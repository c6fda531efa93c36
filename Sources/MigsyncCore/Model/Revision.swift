/// A Git revision as migsync writes it everywhere: `<branch>@sha1:<commit>`.
///
/// One spelling for annotations, notes, logs and the CLI, so a value copied from one place
/// can be searched for in any other.
public struct Revision: Sendable, Hashable, CustomStringConvertible {
    public var branch: String
    public var commit: String

    public init(branch: String, commit: String) {
        self.branch = branch
        self.commit = commit
    }

    /// Parses `main@sha1:<commit>`; `nil` when the text has another shape.
    public init?(parsing text: String) {
        guard let range = text.range(of: "@sha1:", options: .backwards) else { return nil }
        let branch = String(text[..<range.lowerBound])
        let commit = String(text[range.upperBound...])
        guard !branch.isEmpty, !commit.isEmpty, commit.allSatisfy(\.isHexDigit) else { return nil }
        self.init(branch: branch, commit: commit)
    }

    public var description: String { "\(branch)@sha1:\(commit)" }
}
