import KubeObjects

/// MigStorage: checks the backup and snapshot providers, their credential secrets (with the
/// keys each provider needs) and the per-provider settings, then "tests" the store.
struct StorageReconciler {
    let pass: ReconcilePass

    static let providers = ["aws", "azure", "gcp"]

    /// Secret keys each provider reads.
    static let credentialKeys: [String: [String]] = [
        "aws": ["aws-access-key-id", "aws-secret-access-key"],
        "azure": ["azure-credentials"],
        "gcp": ["gcp-credentials"],
    ]

    var context: ControllerContext { pass.context }

    func reconcile(_ original: KubeObject) -> KubeObject {
        var object = original
        var conditions = ConditionList(of: object, now: pass.timestamp)
        conditions.beginStaging()

        let backupProvider = object.specString("backupStorageProvider")
        let backupConfig = object.spec?["backupStorageConfig"]
        if !Self.providers.contains(backupProvider) {
            conditions.set(
                "InvalidBackupStorageProvider", category: .critical,
                message: "The `backupStorageProvider` must be one of: \(MTCFormat.list(Self.providers)).")
        } else {
            checkCredentials(
                backupConfig, provider: backupProvider, conditionType: "InvalidBackupStorageCredsSecretRef",
                field: "backupStorageConfig", into: &conditions)
            let missing = Self.missingBackupSettings(backupConfig, provider: backupProvider)
            if !missing.isEmpty {
                conditions.set(
                    "InvalidBackupStorageSettings", category: .critical,
                    message: "The `backupStorageConfig` settings \(MTCFormat.list(missing)) must be set.")
            }
        }

        let snapshotProvider = object.specString("volumeSnapshotProvider")
        if !snapshotProvider.isEmpty {
            let snapshotConfig = object.spec?["volumeSnapshotConfig"]
            if !Self.providers.contains(snapshotProvider) {
                conditions.set(
                    "InvalidVolumeSnapshotProvider", category: .critical,
                    message: "The `volumeSnapshotProvider` must be one of: \(MTCFormat.list(Self.providers)).")
            } else {
                if snapshotConfig?["credsSecretRef"] != nil {
                    checkCredentials(
                        snapshotConfig, provider: snapshotProvider,
                        conditionType: "InvalidVolumeSnapshotCredsSecretRef",
                        field: "volumeSnapshotConfig", into: &conditions)
                }
                if snapshotProvider == "azure" {
                    let missing = ["azureResourceGroup", "azureApiTimeout"].filter {
                        (snapshotConfig?[$0]?.stringValue ?? "").isEmpty
                    }
                    if !missing.isEmpty {
                        conditions.set(
                            "InvalidVolumeSnapshotSettings", category: .critical,
                            message: "The `volumeSnapshotConfig` settings \(MTCFormat.list(missing)) must be set.")
                    }
                }
            }
        }

        if !conditions.hasBlocker && FailureInjection.isTrue(FailureInjection.unreachable, on: object) {
            conditions.set(
                "BackupStorageProviderTestFailed", category: .critical,
                message: "The Backup storage cloudprovider test failed: the object store did not answer.")
        }
        if !conditions.hasBlocker {
            conditions.set("Ready", category: .required, message: "The storage is ready.")
        }
        conditions.endStaging()

        object.setStatus("conditions", conditions.json)
        object.setStatus("observedGeneration", object.generation.map(JSONValue.int))
        if object.specFlag("refresh") { object.setSpec("refresh", .bool(false)) }
        return object
    }

    private func checkCredentials(
        _ config: JSONValue?, provider: String, conditionType: String, field: String,
        into conditions: inout ConditionList
    ) {
        guard let ref = ObjectRef(config?["credsSecretRef"]), let secret = context.secret(ref) else {
            conditions.set(
                conditionType, category: .critical,
                message: "The `\(field).credsSecretRef` must reference a `secret`.")
            return
        }
        let missing = (Self.credentialKeys[provider] ?? []).filter {
            (context.secretValue(secret, key: $0) ?? "").isEmpty
        }
        if !missing.isEmpty {
            conditions.set(
                conditionType, category: .critical,
                message: "The `\(field).credsSecretRef` secret has empty or missing keys \(MTCFormat.list(missing)).")
        }
    }

    private static func missingBackupSettings(_ config: JSONValue?, provider: String) -> [String] {
        let required: [String]
        switch provider {
        case "aws": required = ["awsBucketName"]
        case "azure": required = ["azureResourceGroup", "azureStorageAccount", "azureStorageContainer"]
        case "gcp": required = ["gcpBucket"]
        default: required = []
        }
        return required.filter { (config?[$0]?.stringValue ?? "").isEmpty }
    }
}
