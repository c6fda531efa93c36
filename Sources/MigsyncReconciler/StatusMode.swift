/// Where a pass writes what it observed.
public enum StatusMode: String, Sendable, Hashable, CaseIterable {
    /// Git notes under `refs/notes/migsync`, on the commit that last changed each object's file.
    case notes
    /// Files `status/<kind>/<name>.yaml` on the branch `migsync/status`.
    case commit
    /// Nothing is written back to Git.
    case none
}
