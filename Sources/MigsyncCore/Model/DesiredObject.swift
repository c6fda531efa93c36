import KubeObjects

/// An MTC object as Git declares it, with where it came from.
///
/// The commit is the one that last changed the object's file: it goes into the revision
/// annotation (so a commit touching other files does not rewrite this object) and it is the
/// commit the object's status note is attached to.
public struct DesiredObject: Sendable, Hashable {
    /// The fields live in one immutable box: a pass copies each object into several indexes,
    /// and copying one reference is cheaper than copying every string in it.
    private final class Storage: Sendable {
        let object: KubeObject
        let kind: MTCKind
        let key: ObjectKey
        let sourcePath: String
        let sourceLine: Int?
        let commit: String

        init(object: KubeObject, kind: MTCKind, sourcePath: String, sourceLine: Int?, commit: String) {
            self.object = object
            self.kind = kind
            self.key = DesiredObject.key(of: object, kind: kind)
            self.sourcePath = sourcePath
            self.sourceLine = sourceLine
            self.commit = commit
        }
    }

    private var storage: Storage

    /// `true` when both are the same stored object, not only equal ones: a check that costs
    /// a pointer comparison, for telling which inputs of a pass are new.
    func isIdentical(to other: DesiredObject) -> Bool { storage === other.storage }

    public var object: KubeObject {
        get { storage.object }
        set {
            storage = Storage(
                object: newValue, kind: kind, sourcePath: sourcePath, sourceLine: sourceLine, commit: commit)
        }
    }

    public var kind: MTCKind { storage.kind }

    /// Read out of the object once: keys are looked up many times per pass.
    public var key: ObjectKey { storage.key }

    /// Path of the manifest file inside the repository.
    public var sourcePath: String {
        get { storage.sourcePath }
        set {
            storage = Storage(object: object, kind: kind, sourcePath: newValue, sourceLine: sourceLine, commit: commit)
        }
    }

    /// 1-based line of the document in that file, when the loader knows it.
    public var sourceLine: Int? {
        get { storage.sourceLine }
        set {
            storage = Storage(object: object, kind: kind, sourcePath: sourcePath, sourceLine: newValue, commit: commit)
        }
    }

    /// The commit that last changed `sourcePath`.
    public var commit: String {
        get { storage.commit }
        set {
            storage = Storage(
                object: object, kind: kind, sourcePath: sourcePath, sourceLine: sourceLine, commit: newValue)
        }
    }

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
        storage = Storage(object: object, kind: kind, sourcePath: sourcePath, sourceLine: sourceLine, commit: commit)
    }

    static func key(of object: KubeObject, kind: MTCKind) -> ObjectKey {
        ObjectKey(kind: kind, namespace: object.namespace ?? ObjectKey.defaultNamespace, name: object.name)
    }

    /// Same file, line and commit: the same manifest content (a file at a commit never
    /// changes), so whatever was computed from one holds for the other.
    func isSameRevision(as other: DesiredObject) -> Bool {
        storage === other.storage
            || (storage.commit == other.storage.commit && storage.sourcePath == other.storage.sourcePath
                && storage.sourceLine == other.storage.sourceLine)
    }

    public static func == (lhs: DesiredObject, rhs: DesiredObject) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.key == rhs.key && lhs.commit == rhs.commit && lhs.sourcePath == rhs.sourcePath
                && lhs.sourceLine == rhs.sourceLine && lhs.object == rhs.object)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(commit)
        hasher.combine(sourcePath)
        hasher.combine(sourceLine)
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
