import ArgumentParser
import Foundation
import Logging
import MigsyncReconciler

/// `migsync run`: the daemon, one pass after another until SIGTERM or SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the reconciler as a daemon.",
        discussion: """
            Runs a pass every --interval seconds (with up to 10% jitter), every --follow-interval \
            seconds while runs are in flight or changes are converging, and backs off exponentially \
            (up to --interval) after a failed pass. A pass stops early when the branch has not moved \
            and nothing is in flight. SIGTERM or SIGINT stops the daemon after the current pass and \
            its status write. With --preview-refs, after each pass the daemon writes the \
            `migsync plan` preview of every matching pull-request head whose head, base or age \
            (10 minutes) changed, as a note on the head commit under refs/notes/migsync-preview.
            """)

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Seconds between passes when nothing is in flight.")
    var interval: Double = 60

    @Option(name: .customLong("follow-interval"), help: "Seconds between passes while runs are in flight.")
    var followInterval: Double = 5

    @Option(
        name: .customLong("preview-refs"),
        help: ArgumentHelp(
            "Remote references to preview, e.g. 'refs/pull/*/head' (repeatable).",
            discussion: "Each head's `migsync plan` preview is written as a note under refs/notes/migsync-preview."))
    var previewRefs: [String] = []

    func validate() throws {
        guard interval > 0, followInterval > 0 else { throw ValidationError("intervals must be greater than 0") }
    }

    func run() async throws {
        let logger = common.makeLogger()
        let signals = ShutdownSignals()
        let target = try await common.target(logger: logger)
        let reconciler: Reconciler
        do {
            // Passes follow one another: a cluster is watched rather than listed each time.
            // The embedded emulator lives in this process and is listed directly: watching it
            // from the same process gains nothing and, on two cores, delayed the first pass's
            // requests by seconds while the watches started.
            var options = try common.reconcilerOptions()
            options.watchCluster = target.emulator == nil
            reconciler = try Reconciler(options: options, cluster: target.client, logger: logger)
        } catch {
            await target.stop()
            throw error
        }
        let stop = StopFlag()
        let watcher = Task {
            let received = await signals.wait()
            stop.set()
            logger.info("stopping after the current pass", metadata: ["signal": "\(received)"])
        }
        var failures = 0
        var lastDeferrals: Set<String> = []
        while !stop.isSet {
            let report = await reconciler.pass()
            // Each reason a change waits (a policy verdict, a plan not Ready) is logged once,
            // when it first appears or its message changes, not on every pass.
            if !report.skipped {
                let deferrals = Set(report.deferrals.map(\.description))
                for deferral in report.deferrals where !lastDeferrals.contains(deferral.description) {
                    logger.info(
                        "deferred",
                        metadata: [
                            "object": "\(deferral.key)", "reason": "\(deferral.reason.name)",
                            "message": "\(deferral.reason.message)",
                        ])
                }
                lastDeferrals = deferrals
            }
            if !report.skipped {
                logger.info(
                    "pass",
                    metadata: [
                        "commit": "\(report.commit ?? "-")", "actions": "\(report.actions.count)",
                        "deferrals": "\(report.deferrals.count)", "apiWrites": "\(report.apiWrites)",
                        "statusCommits": "\(report.gitWrites)", "ready": "\(report.summary.isReady)",
                        "duration": "\(report.duration)",
                    ])
                for error in report.stepErrors { logger.error("\(error)") }
                for (key, failure) in report.failures { logger.error("\(key): \(failure)") }
                // What a working pass freed goes back to the system before the daemon waits.
                FreedMemory.returnToSystem()
            }
            if !previewRefs.isEmpty {
                let previews = await reconciler.publishPreviews(matching: previewRefs)
                if previews.written > 0 { logger.info("previews written", metadata: ["notes": "\(previews.written)"]) }
                for error in previews.errors { logger.error("preview \(error)") }
            }
            failures = report.succeeded ? 0 : failures + 1
            var delay = report.needsFollowUp ? min(followInterval, interval) : interval
            if failures > 0 { delay = min(interval, followInterval * pow(2, Double(failures - 1))) }
            delay *= 1 + Double.random(in: 0..<0.1)
            await stop.wait(upTo: .milliseconds(Int(delay * 1000)))
        }
        watcher.cancel()
        await target.stop()
    }
}

/// Set once by the signal watcher; the loop sleeps on it so a signal ends the wait at once.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false

    var isSet: Bool { lock.withLock { stopped } }

    func set() { lock.withLock { stopped = true } }

    /// Sleeps up to `duration`, returning early once the flag is set.
    func wait(upTo duration: Duration) async {
        let deadline = ContinuousClock.now + duration
        while !isSet && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
