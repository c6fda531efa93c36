/// An identity for a value computed in a pass (a diff, the object reports, a status batch).
///
/// A value updated from an earlier one records that one's generation; a later step that
/// kept work derived from the earlier value can then tell, by identity alone, that only the
/// recorded changes separate the two.
public final class Generation: Sendable {
    public init() {}
}
