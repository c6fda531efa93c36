/// The pure core of a reconcile pass: diff, ordering, run decisions and status summaries over
/// `Sendable` values. No I/O lives here.
public enum MigsyncCore {}
