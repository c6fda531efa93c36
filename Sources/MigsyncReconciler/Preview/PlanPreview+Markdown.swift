import Foundation

extension PlanPreview {
    /// GitHub and GitLab limit a comment to 65,536 characters; stay under with room to spare.
    public static let markdownLimit = 65_000

    /// A pull-request comment: the headline first, details in collapsible sections, cut at
    /// ``markdownLimit`` with a note saying so.
    public var markdown: String {
        var sections: [String] = []
        sections.append("### migsync plan\n\n\(headline)\n")
        sections.append("Base `\(base.prefix(12))`, head `\(head.prefix(12))`, merge `\(merged.prefix(12))`.\n")
        if !policyFilesChanged.isEmpty {
            sections.append(
                "> **Policy files changed**: \(policyFilesChanged.map { "`\($0)`" }.joined(separator: ", ")). "
                    + "Policies are read from the base branch: these changes take effect only after the merge, "
                    + "and the verdicts below use the base's policies.\n")
        }
        if !changes.isEmpty || !removed.isEmpty {
            var lines = ["<details><summary>Objects (\(changes.count + removed.count))</summary>\n", "```diff"]
            for change in changes {
                let sign = change.verb == "create" ? "+" : change.verb == "delete" ? "-" : "!"
                let source = change.source.map { "  (\($0))" } ?? ""
                lines.append("\(sign) \(change.verb) \(change.object)\(source)")
                for field in change.fields { lines.append("    \(field)") }
                if let error = change.dryRunError { lines.append("-   dry-run refused: \(error)") }
            }
            for line in removed { lines.append("- \(line)") }
            lines.append("```\n</details>\n")
            sections.append(lines.joined(separator: "\n"))
        }
        if !runs.isEmpty {
            var lines = ["<details open><summary>Runs (\(runs.count))</summary>\n"]
            for run in runs {
                let verdict = run.allowed ? "**would start**" : "**held**"
                lines.append("- `\(run.object)` (\(run.type)\(run.source.map { ", \($0)" } ?? "")): \(verdict)")
                for block in run.blocks { lines.append("  - \(block)") }
                if let next = run.nextOpening { lines.append("  - next opening: \(next)") }
                for wait in run.waitingFor { lines.append("  - then waits: \(wait)") }
                if !run.approvals.isEmpty { lines.append("  - approved by \(run.approvals.joined(separator: ", "))") }
            }
            lines.append("\n</details>\n")
            sections.append(lines.joined(separator: "\n"))
        }
        if !deferred.isEmpty {
            sections.append(
                "<details><summary>Deferred (\(deferred.count))</summary>\n\n"
                    + deferred.map { "- \($0)" }.joined(separator: "\n") + "\n\n</details>\n")
        }
        if !findings.isEmpty {
            sections.append(
                "<details\(errorCount > 0 ? " open" : "")><summary>Validation (\(errorCount) error(s), "
                    + "\(findings.count - errorCount) warning(s))</summary>\n\n```\n"
                    + findings.joined(separator: "\n") + "\n```\n</details>\n")
        }
        return Self.truncated(sections.joined(separator: "\n"))
    }

    /// `**2 to create, 1 to change, 0 to delete** · 1 run would start, 1 held · 0 errors`.
    public var headline: String {
        let creates = changes.filter { $0.verb == "create" }.count
        let updates = changes.filter { $0.verb != "create" && $0.verb != "delete" }.count
        let deletes = changes.filter { $0.verb == "delete" }.count + removed.count
        let starting = runs.filter(\.allowed).count
        let held = runs.count - starting
        if !hasChanges && runs.isEmpty && findings.isEmpty {
            return "**No changes.** Merging changes nothing on the cluster."
        }
        var parts = ["**\(creates) to create, \(updates) to change, \(deletes) to remove**"]
        parts.append("\(starting) run(s) would start, \(held) held by policy")
        parts.append("\(errorCount) error(s)")
        if !policyFilesChanged.isEmpty { parts.append("policy files changed") }
        return parts.joined(separator: " · ")
    }

    static func truncated(_ text: String) -> String {
        guard text.utf8.count > markdownLimit else { return text }
        let note = "\n\n_Preview truncated at \(markdownLimit) characters; run `migsync plan` locally for all of it._\n"
        var cut = String(decoding: text.utf8.prefix(markdownLimit - note.utf8.count - 16), as: UTF8.self)
        // Close an open code block so the note renders as text.
        if cut.components(separatedBy: "```").count % 2 == 0 { cut += "\n```" }
        return cut + note
    }
}
