import KubeObjects

/// A cluster MTC migrates from or to. The host cluster (where mig-controller runs) uses the
/// controller's own credentials; a remote one needs `url` and a service-account token Secret.
public struct MigCluster: MTCResource {
    public static let resourceType = ResourceType.migCluster

    public struct Spec: Sendable, Hashable, JSONRepresentable {
        public var isHostCluster: Bool?
        public var url: String?
        /// Secret holding key `saToken`.
        public var serviceAccountSecretRef: ObjectReference?
        /// Base64 PEM CA bundle of the remote API server.
        public var caBundle: String?
        public var insecure: Bool?
        public var exposedRegistryPath: String?
        public var azureResourceGroup: String?
        public var restartRestic: Bool?
        /// One-shot re-validation trigger the controller resets.
        public var refresh: Bool?
        /// Members this model does not know, kept so a round trip loses nothing.
        public var unknownFields: [String: JSONValue] = [:]

        public init(json: JSONValue?) {
            let f = JSONFields(json)
            isHostCluster = f.bool("isHostCluster")
            url = f.string("url")
            serviceAccountSecretRef = f.reference("serviceAccountSecretRef")
            caBundle = f.string("caBundle")
            insecure = f.bool("insecure")
            exposedRegistryPath = f.string("exposedRegistryPath")
            azureResourceGroup = f.string("azureResourceGroup")
            restartRestic = f.bool("restartRestic")
            refresh = f.bool("refresh")
            unknownFields = f.members.filter { !Self.known.contains($0.key) }
        }

        static let known: Set<String> = [
            "isHostCluster", "url", "serviceAccountSecretRef", "caBundle", "insecure", "exposedRegistryPath",
            "azureResourceGroup", "restartRestic", "refresh",
        ]

        public var json: JSONValue {
            var f = JSONFields(.object(unknownFields))
            f.set("isHostCluster", isHostCluster)
            f.set("url", url)
            f.set("serviceAccountSecretRef", serviceAccountSecretRef)
            f.set("caBundle", caBundle)
            f.set("insecure", insecure)
            f.set("exposedRegistryPath", exposedRegistryPath)
            f.set("azureResourceGroup", azureResourceGroup)
            f.set("restartRestic", restartRestic)
            f.set("refresh", refresh)
            return f.json
        }
    }

    public var metadata: ObjectMetadata
    public var spec: Spec
    public let raw: JSONValue

    public init(json: JSONValue) {
        raw = json
        metadata = ObjectMetadata(json: json["metadata"])
        spec = Spec(json: json["spec"])
    }
}
