import KubeObjects

/// Everything a repository declares, as loaded: objects with their source locations, the
/// settings, and what could not be loaded.
public struct ManifestSet: Sendable {
    /// Every file considered, sorted by path.
    public var files: [ManifestFile]
    /// Every document that is a mapping with `apiVersion` and `kind`, in file order.
    public var objects: [ManifestObject]
    /// Problems found while reading: unreadable files, hostile or malformed YAML, documents
    /// that are not objects, bad settings.
    public var loadFindings: [Finding]
    /// Files that did not load completely. Anything declared in them is unknown, so a
    /// reconciler must not read their absence as a deletion.
    public var failedPaths: Set<String>
    /// From `migsync.yaml`, or the defaults.
    public var settings: RepositorySettings

    public init(
        files: [ManifestFile] = [], objects: [ManifestObject] = [], loadFindings: [Finding] = [],
        failedPaths: Set<String> = [], settings: RepositorySettings = .default
    ) {
        self.files = files
        self.objects = objects
        self.loadFindings = loadFindings
        self.failedPaths = failedPaths
        self.settings = settings
    }

    /// The MTC objects, typed, with the document each came from.
    public var mtcObjects: [(object: MTCObject, source: ManifestObject)] {
        objects.compactMap { source in source.mtc.map { ($0, source) } }
    }

    /// Policy documents found in the policy folder.
    public var policies: [ManifestObject] {
        objects.filter { $0.category == .policy && $0.file.hasPrefix(settings.policyFolder + "/") }
    }

    /// Whether every file loaded.
    public var isComplete: Bool { failedPaths.isEmpty }
}
