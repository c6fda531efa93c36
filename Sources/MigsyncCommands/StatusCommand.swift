import ArgumentParser
import Foundation
import MigsyncCore
import MigsyncReconciler
import Yams

/// `migsync status`: every object Git declares or migsync manages, as the cluster and the
/// status in Git say. Writes nothing.
struct StatusCommand: AsyncParsableCommand {
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, yaml
    }

    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show every managed object and run with its state.",
        discussion: """
            Reads the repository and the cluster (nothing is written to either) and prints one \
            line per object: whether the cluster has what Git declares (SYNC), migsync's Ready \
            condition with the reason of a Reconciling or Stalled condition, the run phase for \
            migrations, and the status last written to Git (NOTE, as <sync>@<commit>).

            Exit status: 0 when the listing was printed, 1 when the repository or the cluster \
            could not be read.
            """)

    @OptionGroup var common: CommonOptions

    @Option(name: [.short, .long], help: "Output format: table, json or yaml.")
    var output: OutputFormat = .table

    func run() async throws {
        let report = try await common.withReconciler(command: "status", failureCode: 1) { reconciler in
            let report = await reconciler.pass(dryRun: true, force: true)
            try PassStepsFailed.check(report)
            return report
        }
        let listing = StatusListing(
            reports: report.reports, storedNotes: report.storedNotes,
            revision: report.commit.map { Revision(branch: common.branch, commit: $0) }, branch: common.branch)
        FileHandle.standardOutput.write(Data(try Self.render(listing, as: output).utf8))
    }

    static func render(_ listing: StatusListing, as format: OutputFormat) throws -> String {
        switch format {
        case .table:
            return listing.table
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(listing), as: UTF8.self) + "\n"
        case .yaml:
            return try YAMLEncoder().encode(listing)
        }
    }
}
