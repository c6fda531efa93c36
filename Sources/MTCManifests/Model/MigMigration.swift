import KubeObjects

/// One migration run of a plan: stage (`stage: true`), cutover (`stage: false`), rollback
/// (`rollback: true`) or state-only (`migrateState: true`). Created once; only `canceled`
/// may change afterwards.
public struct MigMigration: MTCResource {
    public static let resourceType = ResourceType.migMigration

    /// The kind of run a spec asks for.
    public enum RunKind: String, Sendable, Hashable, CaseIterable {
        case stage, final, rollback, migrateState
    }

    public struct Spec: Sendable, Hashable, JSONRepresentable {
        public var migPlanRef: ObjectReference?
        public var stage: Bool?
        public var quiescePods: Bool?
        public var keepAnnotations: Bool?
        public var verify: Bool?
        public var canceled: Bool?
        public var rollback: Bool?
        public var migrateState: Bool?
        public var runAsRoot: Bool?
        public var runAsUser: Int64?
        public var runAsGroup: Int64?
        public var unknownFields: [String: JSONValue] = [:]

        static let known: Set<String> = [
            "migPlanRef", "stage", "quiescePods", "keepAnnotations", "verify", "canceled", "rollback", "migrateState",
            "runAsRoot", "runAsUser", "runAsGroup",
        ]

        public init(json: JSONValue?) {
            let f = JSONFields(json)
            migPlanRef = f.reference("migPlanRef")
            stage = f.bool("stage")
            quiescePods = f.bool("quiescePods")
            keepAnnotations = f.bool("keepAnnotations")
            verify = f.bool("verify")
            canceled = f.bool("canceled")
            rollback = f.bool("rollback")
            migrateState = f.bool("migrateState")
            runAsRoot = f.bool("runAsRoot")
            runAsUser = f.int("runAsUser")
            runAsGroup = f.int("runAsGroup")
            unknownFields = f.members.filter { !Self.known.contains($0.key) }
        }

        public var json: JSONValue {
            var f = JSONFields(.object(unknownFields))
            f.set("migPlanRef", migPlanRef)
            f.set("stage", stage)
            f.set("quiescePods", quiescePods)
            f.set("keepAnnotations", keepAnnotations)
            f.set("verify", verify)
            f.set("canceled", canceled)
            f.set("rollback", rollback)
            f.set("migrateState", migrateState)
            f.set("runAsRoot", runAsRoot)
            f.set("runAsUser", runAsUser)
            f.set("runAsGroup", runAsGroup)
            return f.json
        }

        /// What the run does, as mig-controller derives its itinerary: rollback wins, then
        /// state migration, then stage; anything else is a final (cutover) run.
        public var runKind: RunKind {
            if rollback == true { return .rollback }
            if migrateState == true { return .migrateState }
            if stage == true { return .stage }
            return .final
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
