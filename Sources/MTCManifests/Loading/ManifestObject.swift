import KubeObjects

/// One YAML document of the repository that is a Kubernetes-style object, with where it was
/// written.
public struct ManifestObject: Sendable, Hashable {
    /// What migsync does with a document of this kind.
    public enum Category: String, Sendable, Hashable {
        /// A `migration.openshift.io/v1alpha1` kind migsync manages.
        case mtc
        /// A `migsync.io/v1alpha1` `Policy`, passed to the policy engine.
        case policy
        /// A core `v1` `Secret`: refused when it carries data.
        case secret
        /// Any other kind: reported and ignored.
        case other
    }

    public var json: JSONValue
    /// Repository-relative path of the file.
    public var file: String
    /// 0-based index of the document in its file.
    public var documentIndex: Int
    /// The blob (content) the document came from; empty when unknown. Equal blob ids mean
    /// equal objects, which lets checks be reused across commits.
    public var blobID: String = ""
    public var sourceMap: SourceMap
    /// The typed object, for MTC kinds.
    public var mtc: MTCObject?

    public init(json: JSONValue, file: String, documentIndex: Int, sourceMap: SourceMap) {
        self.json = json
        self.file = file
        self.documentIndex = documentIndex
        self.sourceMap = sourceMap
        self.mtc = MTCObject(json: json)
    }

    public var apiVersion: String { json["apiVersion"]?.stringValue ?? "" }
    public var kind: String { json["kind"]?.stringValue ?? "" }
    public var name: String? { json[path: ["metadata", "name"]]?.stringValue }
    public var namespace: String? { json[path: ["metadata", "namespace"]]?.stringValue }

    public var category: Category {
        if mtc != nil { return .mtc }
        if apiVersion == PolicyDocument.apiVersion && kind == PolicyDocument.kind { return .policy }
        if apiVersion == "v1" && kind == "Secret" { return .secret }
        return .other
    }

    /// Where the document starts.
    public var location: SourceLocation { location(of: "") }

    /// Where field `path` (e.g. `spec.namespaces[1]`) is written, or its nearest written
    /// ancestor when it is absent.
    public func location(of path: String) -> SourceLocation {
        SourceLocation(file: file, position: sourceMap.position(of: path) ?? SourcePosition(line: 1, column: 1))
    }

    /// `Kind namespace/name`, how findings name an object.
    public var displayName: String {
        let name = self.name ?? json[path: ["metadata", "generateName"]]?.stringValue.map { "\($0)*" } ?? "<unnamed>"
        if let namespace { return "\(kind) \(namespace)/\(name)" }
        return "\(kind) \(name)"
    }
}

/// The identity of policy documents, which another part of migsync interprets.
public enum PolicyDocument {
    public static let apiVersion = "migsync.io/v1alpha1"
    public static let kind = "Policy"
}
