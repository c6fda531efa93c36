/// The pure core of a reconcile pass: diff, ordering, run decisions and status summaries over
/// `Sendable` values. No I/O lives here; the driver fetches, observes, writes and stores.
///
/// One pass through the core, in the order the driver calls it:
///
/// 1. Wrap what Git declares as `DesiredObject`s (manifest + path + line + the commit that
///    last changed the file) and what the cluster holds as `ObservedObject`s.
/// 2. `Diff(desired:observed:branch:createdRuns:reusing:)` compares them over the fields
///    migsync owns (`OwnedFields`): create, update with field changes, unchanged, cancel a
///    run, prune candidate, or "run not created again". `createdRuns` comes from the stored
///    notes (`StatusBatch.createdRuns(in:)`); `reusing` the last pass's diff makes a pass
///    after a one-file commit compare only what changed.
/// 3. `ActionPlanner(runGate:).plan(_:)` orders the writes (clusters, storage, hooks →
///    plans → runs → deletions) and defers, with a reason, whatever must wait: missing
///    references, plans not Ready, stage runs of the same commit, running migrations,
///    policies (`RunGate`), prune rules.
/// 4. The driver applies `ActionPlan.actions` in order (skipping an action whose
///    `dependsOn` failed), then builds `PassObjects(diff:plan:failures:afterWrites:reusing:)`:
///    one `ObjectReport` and one `ConditionSummary` per object. Reusing the last pass's
///    objects, after a diff updated from that pass's diff, rebuilds only the reports of
///    changed objects and of objects either pass acted on.
/// 5. `StatusBatch(objects:branch:reusing:)` turns reports into deterministic status notes,
///    patching the batch built from the last pass's objects; `noteChanges(stored:)` (or
///    `fileChanges(stored:)` for the status branch) says exactly what to write, and nothing
///    when nothing changed.
/// 6. `PassObjects.summary(manifestFailures:revision:)` gives the pass's `Ready`,
///    `Reconciling` and `Stalled`; its `description` is the one text every output prints.
public enum MigsyncCore {}
