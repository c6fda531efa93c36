import KubeObjects

/// An MTC object as Git declares it, with where it came from.
///
/// The commit is the one that last changed the object's file: it goes into the revision
/// annotation (so a commit touching other files does not rewrite this object) and it is the
/// commit the object's status note is attached to.
public struct DesiredObject: Sendable, Hashable {
    public var object: KubeObject {
        didSet { key = Self.key(of: object, kind: kind) }
    }
    public let kind: MTCKind
    /// Read out of the object once: keys are looked up many times per pass.
    public private(set) var key: ObjectKey
    /// Path of the manifest file inside the repository.
    public var sourcePath: String
    /// 1-based line of the document in that file, when the loader knows it.
    public var sourceLine: Int?
    /// The commit that last changed `sourcePath`.
    public var commit: String

    /// Wraps a loaded manifest; `nil` when the manifest is not an MTC kind migsync manages.
    ///
    /// A manifest without a namespace is placed in `defaultNamespace`, which is where
    /// mig-controller looks.
    public init?(
        object: KubeObject,
        sourcePath: String,
        sourceLine: Int? = nil,
        commit: String,
        defaultNamespace: String = ObjectKey.defaultNamespace
    ) {
        guard let kind = MTCKind(kind: object.kind, apiVersion: object.apiVersion) else { return nil }
        var object = object
        if object.namespace?.isEmpty ?? true { object.namespace = defaultNamespace }
        self.object = object
        self.kind = kind
        self.key = Self.key(of: object, kind: kind)
        self.sourcePath = sourcePath
        self.sourceLine = sourceLine
        self.commit = commit
    }

    static func key(of object: KubeObject, kind: MTCKind) -> ObjectKey {
        ObjectKey(kind: kind, namespace: object.namespace ?? ObjectKey.defaultNamespace, name: object.name)
    }

    /// `path:line`, or just the path, for messages that point a reader at the file.
    public var sourceLocation: String {
        sourceLine.map { "\(sourcePath):\($0)" } ?? sourcePath
    }

    /// The revision annotation value for this object on `branch`.
    public func revision(branch: String) -> Revision {
        Revision(branch: branch, commit: commit)
    }
}
