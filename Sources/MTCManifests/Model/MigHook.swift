import KubeObjects

/// A migration hook: an Ansible playbook (`custom: false`) or a custom image (`custom: true`)
/// run as a Job on the source or destination cluster. Which plan phase it runs in is set on
/// the plan (`MigPlan.Spec.hooks`), not here.
public struct MigHook: MTCResource {
    public static let resourceType = ResourceType.migHook

    public struct Spec: Sendable, Hashable, JSONRepresentable {
        public var custom: Bool?
        public var image: String?
        /// Base64-encoded playbook; required when `custom` is false, forbidden when true.
        public var playbook: String?
        public var targetCluster: HookTargetCluster?
        /// Job deadline; absent or 0 means 1800 s.
        public var activeDeadlineSeconds: Int64?
        public var unknownFields: [String: JSONValue] = [:]

        static let known: Set<String> = ["custom", "image", "playbook", "targetCluster", "activeDeadlineSeconds"]

        public init(json: JSONValue?) {
            let f = JSONFields(json)
            custom = f.bool("custom")
            image = f.string("image")
            playbook = f.string("playbook")
            targetCluster = f.enumValue("targetCluster")
            activeDeadlineSeconds = f.int("activeDeadlineSeconds")
            unknownFields = f.members.filter { !Self.known.contains($0.key) }
        }

        public var json: JSONValue {
            var f = JSONFields(.object(unknownFields))
            f.set("custom", custom)
            f.set("image", image)
            f.set("playbook", playbook)
            f.set("targetCluster", targetCluster)
            f.set("activeDeadlineSeconds", activeDeadlineSeconds)
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
