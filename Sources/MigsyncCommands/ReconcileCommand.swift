import ArgumentParser
import Foundation
import MigsyncReconciler

/// `migsync reconcile`: one pass, then exit.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile", abstract: "Run one reconcile pass: Git to the cluster, status back to Git.",
        discussion: """
            Fetches the branch, loads the manifests, compares them with the MTC objects in the \
            managed namespace, creates and updates objects, starts the requested runs (each at most \
            once), cancels runs marked `canceled: true`, prunes when --prune is given, and writes \
            status back to Git (--status). Prints the pass summary with its conditions.

            Exit status: 0 when the pass went through (runs may still be in progress), 1 when a \
            step or a write failed, 2 on usage errors.
            """)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let logger = common.makeLogger()
        let target = try await common.target(logger: logger)
        let report: PassReport
        do {
            let reconciler = try Reconciler(
                options: try common.reconcilerOptions(), cluster: target.client, logger: logger)
            report = await reconciler.pass(force: true)
        } catch {
            await target.stop()
            throw error
        }
        await target.stop()
        FileHandle.standardOutput.write(Data(report.text.utf8))
        if !report.succeeded { throw ExitCode(1) }
    }
}
