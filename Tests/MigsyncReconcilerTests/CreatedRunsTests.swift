import MigsyncCore
import Testing

@testable import MigsyncReconciler

@Suite("Created runs from stored status")
struct CreatedRunsTests {
    @Test("a status text is parsed for runs only when it names the run kind")
    func mentionsRuns() {
        #expect(Reconciler.mentionsRuns("objects:\n- kind: MigMigration\n  name: shop-stage-1\n"))
        #expect(!Reconciler.mentionsRuns("objects:\n- kind: MigPlan\n  name: shop\n"))
        #expect(!Reconciler.mentionsRuns(""))
        // Text without a run entry records no runs, parsed or not.
        #expect(
            Reconciler.createdRuns(stored: ["a": "objects:\n- kind: MigPlan\n  name: shop\n"], mode: .notes).isEmpty)
    }
}
