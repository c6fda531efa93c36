import KubeObjects

/// The replication repository: an object store (and optionally a snapshot provider) Velero
/// uses for indirect migrations and backups.
public struct MigStorage: MTCResource {
    public static let resourceType = ResourceType.migStorage

    /// `spec.backupStorageConfig`.
    public struct BackupStorageConfig: Sendable, Hashable, JSONRepresentable {
        public var credsSecretRef: ObjectReference?
        public var awsBucketName: String?
        public var awsRegion: String?
        public var awsS3Url: String?
        public var awsPublicUrl: String?
        public var awsKmsKeyId: String?
        /// `""`, `"1"` or `"4"`.
        public var awsSignatureVersion: String?
        public var awsS3ForcePathStyle: Bool?
        /// Base64 CA bundle of the object store.
        public var s3CustomCABundle: String?
        public var insecure: Bool?
        public var azureStorageAccount: String?
        public var azureStorageContainer: String?
        public var azureResourceGroup: String?
        public var gcpBucket: String?
        public var unknownFields: [String: JSONValue] = [:]

        static let known: Set<String> = [
            "credsSecretRef", "awsBucketName", "awsRegion", "awsS3Url", "awsPublicUrl", "awsKmsKeyId",
            "awsSignatureVersion", "awsS3ForcePathStyle", "s3CustomCABundle", "insecure", "azureStorageAccount",
            "azureStorageContainer", "azureResourceGroup", "gcpBucket",
        ]

        public init(json: JSONValue?) {
            let f = JSONFields(json)
            credsSecretRef = f.reference("credsSecretRef")
            awsBucketName = f.string("awsBucketName")
            awsRegion = f.string("awsRegion")
            awsS3Url = f.string("awsS3Url")
            awsPublicUrl = f.string("awsPublicUrl")
            awsKmsKeyId = f.string("awsKmsKeyId")
            awsSignatureVersion = f.string("awsSignatureVersion")
            awsS3ForcePathStyle = f.bool("awsS3ForcePathStyle")
            s3CustomCABundle = f.string("s3CustomCABundle")
            insecure = f.bool("insecure")
            azureStorageAccount = f.string("azureStorageAccount")
            azureStorageContainer = f.string("azureStorageContainer")
            azureResourceGroup = f.string("azureResourceGroup")
            gcpBucket = f.string("gcpBucket")
            unknownFields = f.members.filter { !Self.known.contains($0.key) }
        }

        public var json: JSONValue {
            var f = JSONFields(.object(unknownFields))
            f.set("credsSecretRef", credsSecretRef)
            f.set("awsBucketName", awsBucketName)
            f.set("awsRegion", awsRegion)
            f.set("awsS3Url", awsS3Url)
            f.set("awsPublicUrl", awsPublicUrl)
            f.set("awsKmsKeyId", awsKmsKeyId)
            f.set("awsSignatureVersion", awsSignatureVersion)
            f.set("awsS3ForcePathStyle", awsS3ForcePathStyle)
            f.set("s3CustomCABundle", s3CustomCABundle)
            f.set("insecure", insecure)
            f.set("azureStorageAccount", azureStorageAccount)
            f.set("azureStorageContainer", azureStorageContainer)
            f.set("azureResourceGroup", azureResourceGroup)
            f.set("gcpBucket", gcpBucket)
            return f.json
        }
    }

    /// `spec.volumeSnapshotConfig`.
    public struct VolumeSnapshotConfig: Sendable, Hashable, JSONRepresentable {
        public var credsSecretRef: ObjectReference?
        /// Go duration, e.g. `10m`.
        public var snapshotCreationTimeout: String?
        public var awsRegion: String?
        public var azureApiTimeout: String?
        public var azureResourceGroup: String?
        public var unknownFields: [String: JSONValue] = [:]

        static let known: Set<String> = [
            "credsSecretRef", "snapshotCreationTimeout", "awsRegion", "azureApiTimeout", "azureResourceGroup",
        ]

        public init(json: JSONValue?) {
            let f = JSONFields(json)
            credsSecretRef = f.reference("credsSecretRef")
            snapshotCreationTimeout = f.string("snapshotCreationTimeout")
            awsRegion = f.string("awsRegion")
            azureApiTimeout = f.string("azureApiTimeout")
            azureResourceGroup = f.string("azureResourceGroup")
            unknownFields = f.members.filter { !Self.known.contains($0.key) }
        }

        public var json: JSONValue {
            var f = JSONFields(.object(unknownFields))
            f.set("credsSecretRef", credsSecretRef)
            f.set("snapshotCreationTimeout", snapshotCreationTimeout)
            f.set("awsRegion", awsRegion)
            f.set("azureApiTimeout", azureApiTimeout)
            f.set("azureResourceGroup", azureResourceGroup)
            return f.json
        }
    }

    public struct Spec: Sendable, Hashable, JSONRepresentable {
        public var backupStorageProvider: StorageProvider?
        public var backupStorageConfig: BackupStorageConfig?
        public var volumeSnapshotProvider: StorageProvider?
        public var volumeSnapshotConfig: VolumeSnapshotConfig?
        public var refresh: Bool?
        public var unknownFields: [String: JSONValue] = [:]

        static let known: Set<String> = [
            "backupStorageProvider", "backupStorageConfig", "volumeSnapshotProvider", "volumeSnapshotConfig", "refresh",
        ]

        public init(json: JSONValue?) {
            let f = JSONFields(json)
            backupStorageProvider = f.enumValue("backupStorageProvider")
            backupStorageConfig = f.object("backupStorageConfig").map(BackupStorageConfig.init(json:))
            volumeSnapshotProvider = f.enumValue("volumeSnapshotProvider")
            volumeSnapshotConfig = f.object("volumeSnapshotConfig").map(VolumeSnapshotConfig.init(json:))
            refresh = f.bool("refresh")
            unknownFields = f.members.filter { !Self.known.contains($0.key) }
        }

        public var json: JSONValue {
            var f = JSONFields(.object(unknownFields))
            f.set("backupStorageProvider", backupStorageProvider)
            f.set("backupStorageConfig", backupStorageConfig?.json)
            f.set("volumeSnapshotProvider", volumeSnapshotProvider)
            f.set("volumeSnapshotConfig", volumeSnapshotConfig?.json)
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
