/// Bounds on what one manifest file may cost to load.
///
/// A GitOps repository is input from many hands; a single hostile or broken file must turn
/// into one clear error for that file, never a crash, a hang or an out-of-memory kill of the
/// daemon that also serves everybody else's plans.
public struct LoadLimits: Sendable, Hashable {
    /// Largest file accepted, in bytes. Real MTC manifests are a few kilobytes.
    public var maxFileBytes: Int
    /// Deepest nesting of mappings and sequences accepted. MigPlan, the deepest kind, needs 6.
    public var maxDepth: Int
    /// How many times aliases may be expanded in one file (counted per use of an anchored
    /// node after its definition), which defeats "billion laughs" documents.
    public var maxAliasExpansions: Int
    /// How many nodes one file may expand to in total, aliases included.
    public var maxNodes: Int

    public init(
        maxFileBytes: Int = 1 << 20, maxDepth: Int = 64, maxAliasExpansions: Int = 1_000, maxNodes: Int = 1_000_000
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansions = maxAliasExpansions
        self.maxNodes = maxNodes
    }

    public static let `default` = LoadLimits()
}
