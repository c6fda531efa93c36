/// One file in a commit's tree.
public struct GitTreeEntry: Sendable, Hashable {
    /// Path relative to the repository root, `/`-separated, no leading slash.
    public let path: String
    /// The blob holding the file's bytes; equal ids mean equal contents.
    public let blobID: GitObjectID
    /// True for mode 100755.
    public let isExecutable: Bool
    /// True for a symbolic link (mode 120000); the blob holds the link target.
    public let isSymbolicLink: Bool

    public init(path: String, blobID: GitObjectID, isExecutable: Bool, isSymbolicLink: Bool = false) {
        self.path = path
        self.blobID = blobID
        self.isExecutable = isExecutable
        self.isSymbolicLink = isSymbolicLink
    }
}
