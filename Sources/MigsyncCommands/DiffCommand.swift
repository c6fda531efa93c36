import ArgumentParser
import Foundation
import MigsyncCore
import MigsyncReconciler

/// `migsync diff`: what a pass would change, field by field, writing nothing.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show what a reconcile pass would change, without changing anything.",
        discussion: """
            Lists each write a pass would make (create, update with the changed fields, cancel, \
            close, delete) and each change it would defer, with the reason.

            Exit status: 0 when there is nothing to change, 1 when there are differences, greater \
            than 1 on errors.
            """)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let report = try await common.withReconciler(command: "diff", failureCode: 3) { reconciler in
            let report = await reconciler.pass(dryRun: true, force: true)
            try PassStepsFailed.check(report)
            return report
        }
        FileHandle.standardOutput.write(Data(Self.render(report).utf8))
        if !report.actions.isEmpty { throw ExitCode(1) }
    }

    static func render(_ report: PassReport) -> String {
        var lines: [String] = []
        for action in report.actions {
            lines.append("\(action.verb.name) \(action.key)\(action.source.map { "  (\($0))" } ?? "")")
            if case .update(_, let changes) = action.verb {
                for change in changes { lines.append("    \(change)") }
            }
            if case .cancelRun = action.verb { lines.append("    spec.canceled: true") }
            if case .closePlan = action.verb { lines.append("    spec.closed: true") }
        }
        for deferral in report.deferrals { lines.append("deferred \(deferral)") }
        for failure in report.manifestFailures { lines.append("manifest \(failure)") }
        if lines.isEmpty { lines.append("no differences") }
        return lines.joined(separator: "\n") + "\n"
    }
}
