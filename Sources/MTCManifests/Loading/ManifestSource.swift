/// One YAML file of a manifest repository.
public struct ManifestFile: Sendable, Hashable {
    /// Path relative to the source's root, `/`-separated (`plans/shop.yaml`).
    public var path: String
    /// Identifies the content: a Git blob id, or for a directory a stamp that changes when the
    /// file does. Equal ids mean equal bytes, which lets `ManifestLoader` skip re-parsing.
    public var blobID: String
    /// Size in bytes when the source knows it without reading, so oversized files are refused
    /// before they are read.
    public var size: Int?

    public init(path: String, blobID: String, size: Int? = nil) {
        self.path = path
        self.blobID = blobID
        self.size = size
    }

    /// Whether the name ends in `.yaml` or `.yml`.
    public static func isManifestPath(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }
}

/// Where manifests come from: a directory on disk, or a commit's tree in Git.
///
/// A Git-backed source lists the tree under the configured path (`path` = entry path,
/// `blobID` = the blob's object id) and reads blob contents; nothing else is needed. The
/// loader calls both methods on its own thread, one call at a time, so a source may wrap a
/// handle that is not thread-safe (such as a libgit2 repository).
public protocol ManifestSource {
    /// Every `*.yaml` / `*.yml` file, sorted by path.
    func files() throws -> [ManifestFile]
    /// The bytes of one listed file.
    func contents(of file: ManifestFile) throws -> [UInt8]
    /// The files that differ between `previous` (a source this one follows, such as the
    /// previous commit of the same branch) and this source, sorted by path, when the source
    /// can tell without listing every file; `nil` when it cannot.
    func changes(since previous: any ManifestSource) throws -> [ManifestFileChange]?
}

extension ManifestSource {
    public func changes(since previous: any ManifestSource) throws -> [ManifestFileChange]? { nil }
}

/// One path whose file differs between two versions of a source.
public struct ManifestFileChange: Sendable, Hashable {
    public var path: String
    /// The file now at `path` (as `files()` would list it), `nil` when there is none.
    public var file: ManifestFile?

    public init(path: String, file: ManifestFile?) {
        self.path = path
        self.file = file
    }
}

/// A file listed by a source could not be read, or the listing itself failed.
public struct ManifestSourceError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
