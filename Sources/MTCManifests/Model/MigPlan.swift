import KubeObjects

/// What to migrate (namespaces, volumes, hooks) from which cluster to which, through which
/// replication repository.
public struct MigPlan: MTCResource {
    public static let resourceType = ResourceType.migPlan

    /// `spec.hooks[]`: a MigHook attached to one phase of the plan's final migrations.
    public struct Hook: Sendable, Hashable, JSONRepresentable {
        public var reference: ObjectReference?
        public var phase: HookPhase?
        /// Namespace the hook Job runs in (a DNS-1123 label).
        public var executionNamespace: String?
        /// Service account of the Job (a DNS-1123 subdomain) in `executionNamespace`.
        public var serviceAccount: String?
        public var unknownFields: [String: JSONValue] = [:]

        static let known: Set<String> = ["reference", "phase", "executionNamespace", "serviceAccount"]

        public init(json: JSONValue?) {
            let f = JSONFields(json)
            reference = f.reference("reference")
            phase = f.enumValue("phase")
            executionNamespace = f.string("executionNamespace")
            serviceAccount = f.string("serviceAccount")
            unknownFields = f.members.filter { !Self.known.contains($0.key) }
        }

        public var json: JSONValue {
            var f = JSONFields(.object(unknownFields))
            f.set("reference", reference)
            f.set("phase", phase)
            f.set("executionNamespace", executionNamespace)
            f.set("serviceAccount", serviceAccount)
            return f.json
        }
    }

    /// `spec.includedResources[]`.
    public struct GroupKind: Sendable, Hashable, JSONRepresentable {
        public var group: String?
        public var kind: String?
        public var unknownFields: [String: JSONValue] = [:]

        public init(json: JSONValue?) {
            let f = JSONFields(json)
            group = f.string("group")
            kind = f.string("kind")
            unknownFields = f.members.filter { $0.key != "group" && $0.key != "kind" }
        }

        public var json: JSONValue {
            var f = JSONFields(.object(unknownFields))
            f.set("group", group)
            f.set("kind", kind)
            return f.json
        }
    }

    /// `spec.persistentVolumes[]`: discovered by the controller; users choose `selection`.
    public struct PersistentVolume: Sendable, Hashable, JSONRepresentable {
        /// `persistentVolumes[].pvc`.
        public struct Claim: Sendable, Hashable, JSONRepresentable {
            public var namespace: String?
            /// `name`, or `src:dest` to rename the claim on the destination.
            public var name: String?
            public var accessModes: [String]?
            public var hasReference: Bool?
            public var volumeMode: String?
            public var ownerType: String?
            public var unknownFields: [String: JSONValue] = [:]

            static let known: Set<String> = [
                "namespace", "name", "accessModes", "hasReference", "volumeMode", "ownerType",
            ]

            public init(json: JSONValue?) {
                let f = JSONFields(json)
                namespace = f.string("namespace")
                name = f.string("name")
                accessModes = f.strings("accessModes")
                hasReference = f.bool("hasReference")
                volumeMode = f.string("volumeMode")
                ownerType = f.string("ownerType")
                unknownFields = f.members.filter { !Self.known.contains($0.key) }
            }

            public var json: JSONValue {
                var f = JSONFields(.object(unknownFields))
                f.set("namespace", namespace)
                f.set("name", name)
                f.set("accessModes", accessModes)
                f.set("hasReference", hasReference)
                f.set("volumeMode", volumeMode)
                f.set("ownerType", ownerType)
                return f.json
            }
        }

        /// `persistentVolumes[].supported`: what the controller offers for this volume.
        public struct Supported: Sendable, Hashable, JSONRepresentable {
            public var actions: [String]?
            public var copyMethods: [String]?
            public var unknownFields: [String: JSONValue] = [:]

            public init(json: JSONValue?) {
                let f = JSONFields(json)
                actions = f.strings("actions")
                copyMethods = f.strings("copyMethods")
                unknownFields = f.members.filter { $0.key != "actions" && $0.key != "copyMethods" }
            }

            public var json: JSONValue {
                var f = JSONFields(.object(unknownFields))
                f.set("actions", actions)
                f.set("copyMethods", copyMethods)
                return f.json
            }
        }

        /// `persistentVolumes[].selection`: the user's choice for this volume.
        public struct Selection: Sendable, Hashable, JSONRepresentable {
            public var action: PVAction?
            public var copyMethod: PVCopyMethod?
            public var storageClass: String?
            public var accessMode: PVAccessMode?
            public var verify: Bool?
            public var unknownFields: [String: JSONValue] = [:]

            static let known: Set<String> = ["action", "copyMethod", "storageClass", "accessMode", "verify"]

            public init(json: JSONValue?) {
                let f = JSONFields(json)
                action = f.enumValue("action")
                copyMethod = f.enumValue("copyMethod")
                storageClass = f.string("storageClass")
                accessMode = f.enumValue("accessMode")
                verify = f.bool("verify")
                unknownFields = f.members.filter { !Self.known.contains($0.key) }
            }

            public var json: JSONValue {
                var f = JSONFields(.object(unknownFields))
                f.set("action", action)
                f.set("copyMethod", copyMethod)
                f.set("storageClass", storageClass)
                f.set("accessMode", accessMode)
                f.set("verify", verify)
                return f.json
            }
        }

        public var name: String?
        /// A quantity: integer or string such as `10Gi`.
        public var capacity: JSONValue?
        public var storageClass: String?
        public var pvc: Claim?
        public var supported: Supported?
        public var selection: Selection?
        public var capacityConfirmed: Bool?
        public var proposedCapacity: JSONValue?
        public var unknownFields: [String: JSONValue] = [:]

        static let known: Set<String> = [
            "name", "capacity", "storageClass", "pvc", "supported", "selection", "capacityConfirmed",
            "proposedCapacity",
        ]

        public init(json: JSONValue?) {
            let f = JSONFields(json)
            name = f.string("name")
            capacity = f.value("capacity")
            storageClass = f.string("storageClass")
            pvc = f.object("pvc").map(Claim.init(json:))
            supported = f.object("supported").map(Supported.init(json:))
            selection = f.object("selection").map(Selection.init(json:))
            capacityConfirmed = f.bool("capacityConfirmed")
            proposedCapacity = f.value("proposedCapacity")
            unknownFields = f.members.filter { !Self.known.contains($0.key) }
        }

        public var json: JSONValue {
            var f = JSONFields(.object(unknownFields))
            f.set("name", name)
            f.set("capacity", capacity)
            f.set("storageClass", storageClass)
            f.set("pvc", pvc?.json)
            f.set("supported", supported?.json)
            f.set("selection", selection?.json)
            f.set("capacityConfirmed", capacityConfirmed)
            f.set("proposedCapacity", proposedCapacity)
            return f.json
        }
    }

    public struct Spec: Sendable, Hashable, JSONRepresentable {
        public var srcMigClusterRef: ObjectReference?
        public var destMigClusterRef: ObjectReference?
        public var migStorageRef: ObjectReference?
        /// `name` or `src:dest`.
        public var namespaces: [String]?
        public var persistentVolumes: [PersistentVolume]?
        public var hooks: [Hook]?
        public var closed: Bool?
        public var refresh: Bool?
        public var indirectImageMigration: Bool?
        public var indirectVolumeMigration: Bool?
        public var includedResources: [GroupKind]?
        /// A Kubernetes `LabelSelector` object (`matchLabels`, `matchExpressions`).
        public var labelSelector: JSONValue?
        public var liveMigrate: Bool?
        public var unknownFields: [String: JSONValue] = [:]

        static let known: Set<String> = [
            "srcMigClusterRef", "destMigClusterRef", "migStorageRef", "namespaces", "persistentVolumes", "hooks",
            "closed", "refresh", "indirectImageMigration", "indirectVolumeMigration", "includedResources",
            "labelSelector", "liveMigrate",
        ]

        public init(json: JSONValue?) {
            let f = JSONFields(json)
            srcMigClusterRef = f.reference("srcMigClusterRef")
            destMigClusterRef = f.reference("destMigClusterRef")
            migStorageRef = f.reference("migStorageRef")
            namespaces = f.strings("namespaces")
            persistentVolumes = f.array("persistentVolumes")?.map(PersistentVolume.init(json:))
            hooks = f.array("hooks")?.map(Hook.init(json:))
            closed = f.bool("closed")
            refresh = f.bool("refresh")
            indirectImageMigration = f.bool("indirectImageMigration")
            indirectVolumeMigration = f.bool("indirectVolumeMigration")
            includedResources = f.array("includedResources")?.map(GroupKind.init(json:))
            labelSelector = f.object("labelSelector")
            liveMigrate = f.bool("liveMigrate")
            unknownFields = f.members.filter { !Self.known.contains($0.key) }
        }

        public var json: JSONValue {
            var f = JSONFields(.object(unknownFields))
            f.set("srcMigClusterRef", srcMigClusterRef)
            f.set("destMigClusterRef", destMigClusterRef)
            f.set("migStorageRef", migStorageRef)
            f.set("namespaces", namespaces)
            f.set("persistentVolumes", persistentVolumes)
            f.set("hooks", hooks)
            f.set("closed", closed)
            f.set("refresh", refresh)
            f.set("indirectImageMigration", indirectImageMigration)
            f.set("indirectVolumeMigration", indirectVolumeMigration)
            f.set("includedResources", includedResources)
            f.set("labelSelector", labelSelector)
            f.set("liveMigrate", liveMigrate)
            return f.json
        }

        /// Each `namespaces` entry split into source and destination names.
        public var namespaceMappings: [NamespaceMapping] {
            (namespaces ?? []).map(NamespaceMapping.init(entry:))
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

/// One `spec.namespaces` entry: `name` (same name on both sides) or `src:dest`.
public struct NamespaceMapping: Sendable, Hashable {
    public var entry: String
    public var source: String
    public var destination: String

    public init(entry: String) {
        self.entry = entry
        if let colon = entry.firstIndex(of: ":") {
            source = String(entry[..<colon])
            destination = String(entry[entry.index(after: colon)...])
        } else {
            source = entry
            destination = entry
        }
    }
}
