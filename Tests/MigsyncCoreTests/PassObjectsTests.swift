import KubeObjects
import MigsyncCore
import Testing

@Suite("Pass objects and status batches carried from the last pass")
struct PassObjectsTests {
    /// What differs in the second of two passes over the same small estate.
    enum SecondPass: String, CaseIterable, Sendable {
        case nothing, planEditedInGit, planNoLongerReady, deferredRunNowStarts, writeFailed, failedWriteNowThrough,
            writtenPlanReread, everythingRelisted, planAdded
    }

    /// Clusters, storage, twelve Ready plans, and a stage run on a plan MTC has not made
    /// Ready yet (so the first pass defers it).
    struct Estate {
        var desired: [DesiredObject] =
            [Make.cluster("host"), Make.cluster("ocp3"), Make.storage()]
            + (0..<12).map { Make.plan("p\($0)", namespaces: [.string("n\($0)")]) }
            + [Make.run("stage-1", plan: "p5", stage: true)]
        var observed: [ObservedObject]

        init() {
            observed = desired.filter { !$0.kind.isRun }.map { object in
                Make.observed(object, conditions: object.key.name == "p5" ? [] : [Make.ready])
            }
        }

        func position(_ name: String) -> Int? { observed.firstIndex { $0.key.name == name } }

        /// The same object as a new version from the cluster, Ready or not.
        func newVersion(of name: String, ready: Bool) -> ObservedObject {
            guard let at = position(name) else { preconditionFailure("no \(name)") }
            var object = observed[at].object
            object.resourceVersion = "2"
            object.status = ready ? .object(["conditions": [Make.ready]]) : nil
            return ObservedObject(object: object)!
        }
    }

    struct Outcome {
        var diff: Diff
        var plan: ActionPlan
    }

    func pass(_ estate: Estate, reusing previous: Diff? = nil) -> Outcome {
        let diff = Diff(desired: estate.desired, observed: estate.observed, branch: Make.branch, reusing: previous)
        let plan = ActionPlanner().plan(
            .init(diff: diff, observed: estate.observed, branch: Make.branch, now: Make.now))
        return Outcome(diff: diff, plan: plan)
    }

    @Test(
        "objects and notes carried from the last pass equal those built from scratch",
        arguments: SecondPass.allCases)
    func carriedEqualsFresh(change: SecondPass) throws {
        var estate = Estate()
        let first = pass(estate)
        let firstFailures = change == .failedWriteNowThrough ? [Make.plan("p3").key: "the API server said no"] : [:]
        let firstObjects = PassObjects(diff: first.diff, plan: first.plan, failures: firstFailures)
        let firstBatch = StatusBatch(objects: firstObjects, branch: Make.branch)
        #expect(first.plan.deferrals.contains { $0.key.name == "stage-1" })

        var failures: [ObjectKey: String] = [:]
        var afterWrites: ClusterAfterWrites?
        switch change {
        case .nothing, .failedWriteNowThrough: break
        case .planEditedInGit:
            estate.desired[4] = Make.plan("p1", namespaces: ["edited"], commit: Make.commit2)
        case .planNoLongerReady:
            estate.observed[estate.position("p2")!] = estate.newVersion(of: "p2", ready: false)
        case .deferredRunNowStarts:
            estate.observed[estate.position("p5")!] = estate.newVersion(of: "p5", ready: true)
        case .writeFailed:
            failures[Make.plan("p3").key] = "the API server said no"
        case .writtenPlanReread:
            afterWrites = .reread([Make.plan("p4").key: estate.newVersion(of: "p4", ready: false)])
        case .everythingRelisted:
            var relisted = estate.observed
            relisted[estate.position("p6")!] = estate.newVersion(of: "p6", ready: false)
            afterWrites = .relisted(relisted)
        case .planAdded:
            estate.desired.append(Make.plan("p12"))
        }
        let second = pass(estate, reusing: first.diff)
        let carried = PassObjects(
            diff: second.diff, plan: second.plan, failures: failures, afterWrites: afterWrites, reusing: firstObjects)
        let fresh = PassObjects(diff: second.diff, plan: second.plan, failures: failures, afterWrites: afterWrites)

        let expectCarried = change != .planAdded && change != .everythingRelisted
        #expect((carried.update != nil) == expectCarried)
        #expect(carried.reports == fresh.reports)
        #expect(carried.summaries == fresh.summaries)
        #expect(carried.summaries == fresh.reports.map(\.summary))
        let revision = Revision(branch: Make.branch, commit: Make.commit2)
        #expect(
            carried.summary(manifestFailures: [], revision: revision)
                == fresh.summary(manifestFailures: [], revision: revision))

        let patched = StatusBatch(objects: carried, branch: Make.branch, reusing: firstBatch)
        let rebuilt = StatusBatch(reports: fresh.reports, branch: Make.branch)
        #expect(patched == rebuilt)
        #expect(patched.noteTexts == rebuilt.noteTexts)
        let stored = firstBatch.noteTexts
        #expect(
            patched.noteChanges(stored: stored, synced: firstBatch) == rebuilt.noteChanges(stored: stored))
        #expect(patched.noteChanges(stored: stored, synced: firstBatch).isEmpty == (change == .nothing))
    }

    @Test("a batch is patched only from the one built from the objects the new ones came from")
    func batchFromOtherObjectsIsRebuilt() {
        var estate = Estate()
        let first = pass(estate)
        let firstObjects = PassObjects(diff: first.diff, plan: first.plan)
        // A batch of other objects for the same diff (here: with a failed write the first
        // pass did not have) must not be taken as the base: its notes say something else.
        let unrelated = StatusBatch(
            objects: PassObjects(diff: first.diff, plan: first.plan, failures: [Make.plan("p7").key: "refused"]),
            branch: Make.branch)
        estate.desired[5] = Make.plan("p2", namespaces: ["edited"], commit: Make.commit2)
        let second = pass(estate, reusing: first.diff)
        let carried = PassObjects(diff: second.diff, plan: second.plan, reusing: firstObjects)
        let batch = StatusBatch(objects: carried, branch: Make.branch, reusing: unrelated)
        #expect(batch == StatusBatch(reports: carried.reports, branch: Make.branch))
    }
}
