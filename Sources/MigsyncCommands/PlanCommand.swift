import ArgumentParser
import Foundation
import MigsyncReconciler

/// `migsync plan`: the pull-request preview.
struct PlanCommand: AsyncParsableCommand {
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case markdown, json
    }

    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Preview what merging a pull request would do.",
        discussion: """
            Merges --head into --base (in the local mirror only) and compares the result with \
            the live target: objects created, changed (field by field) and removed; the \
            target's server-side dry-run answer for each write; validation findings of the \
            manifests and of the policy files; every new run with its policy verdict (policies \
            from the base, approvals as of the head, the next window opening) and what it would \
            still wait for; policy files the head changes. Writes nothing to the cluster or to Git.

            --output markdown (default) is ready to post as a pull-request comment: headline \
            first, details collapsible, under 65,536 characters. --output json is for scripts.

            Exit status: 0 when merging would change nothing, 1 when it would, greater than 1 \
            on errors.
            """)

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "The branch the pull request targets (a branch name or a full ref).")
    var base: String = "main"

    @Option(name: .long, help: "The pull request's head (a branch name or a full ref such as refs/pull/7/head).")
    var head: String

    @Option(name: [.short, .long], help: "Output format: markdown or json.")
    var output: OutputFormat = .markdown

    func run() async throws {
        let logger = common.makeLogger()
        let target: ClusterTarget
        do {
            target = try await common.target(logger: logger)
        } catch {
            FileHandle.standardError.write(Data("migsync plan: \(error)\n".utf8))
            throw ExitCode(3)
        }
        var preview: PlanPreview?
        var failure: (any Error)?
        do {
            let reconciler = try Reconciler(
                options: try common.reconcilerOptions(), cluster: target.client, logger: logger)
            preview = try await reconciler.preview(baseRef: base, headRef: head)
        } catch {
            failure = error
        }
        await target.stop()
        guard let preview, failure == nil else {
            FileHandle.standardError.write(Data("migsync plan: \(failure.map { "\($0)" } ?? "unknown error")\n".utf8))
            throw ExitCode(3)
        }
        switch output {
        case .markdown:
            FileHandle.standardOutput.write(Data(preview.markdown.utf8))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(preview) + Data("\n".utf8))
        }
        if preview.hasChanges { throw ExitCode(1) }
    }
}
