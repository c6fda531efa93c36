import Foundation
import KubeObjects

extension ValidationContext {
    /// MigCluster: a remote cluster needs a reachable `http(s)` URL and a token Secret.
    mutating func checkCluster(_ cluster: MigCluster, _ object: ManifestObject) {
        let spec = cluster.spec
        guard spec.isHostCluster == false else { return }
        if let url = spec.url, !url.isEmpty {
            let components = URLComponents(string: url)
            let scheme = components?.scheme?.lowercased()
            if components == nil || !(scheme == "https" || scheme == "http") || (components?.host ?? "").isEmpty {
                error("cluster.url", object, "spec.url", "spec.url \"\(url)\" is not an http(s) URL of an API server")
            }
        } else {
            error("cluster.url", object, "spec.url", "spec.url is required for a remote cluster (isHostCluster: false)")
        }
        if spec.serviceAccountSecretRef == nil {
            error(
                "reference.missing", object, "spec",
                "spec.serviceAccountSecretRef is required for a remote cluster: a Secret with key saToken")
        } else {
            checkReferenceComplete(
                spec.serviceAccountSecretRef, in: object, path: "spec.serviceAccountSecretRef", required: true)
        }
    }

    /// MigStorage: known providers, credentials, and the settings each provider needs.
    mutating func checkStorage(_ storage: MigStorage, _ object: ManifestObject) {
        let raw = object.json["spec"]
        let providers = StorageProvider.allCases.map(\.rawValue).joined(separator: ", ")
        if let value = raw?["backupStorageProvider"]?.stringValue, StorageProvider(rawValue: value) == nil {
            error(
                "storage.provider", object, "spec.backupStorageProvider",
                "spec.backupStorageProvider \"\(value)\" must be one of \(providers)")
        }
        if let value = raw?["volumeSnapshotProvider"]?.stringValue, !value.isEmpty,
            StorageProvider(rawValue: value) == nil
        {
            error(
                "storage.provider", object, "spec.volumeSnapshotProvider",
                "spec.volumeSnapshotProvider \"\(value)\" must be one of \(providers)")
        }
        if let config = storage.spec.backupStorageConfig {
            let path = "spec.backupStorageConfig"
            if config.credsSecretRef == nil {
                error(
                    "reference.missing", object, path,
                    "\(path).credsSecretRef is required: the Secret with the object store credentials")
            } else {
                checkReferenceComplete(
                    config.credsSecretRef, in: object, path: path + ".credsSecretRef", required: true)
            }
            var needed: [String] = []
            switch storage.spec.backupStorageProvider {
            case .aws?: needed = [("awsBucketName", config.awsBucketName)].filter { ($0.1 ?? "").isEmpty }.map(\.0)
            case .azure?:
                needed = [
                    ("azureResourceGroup", config.azureResourceGroup),
                    ("azureStorageAccount", config.azureStorageAccount),
                    ("azureStorageContainer", config.azureStorageContainer),
                ].filter { ($0.1 ?? "").isEmpty }.map(\.0)
            case .gcp?: needed = [("gcpBucket", config.gcpBucket)].filter { ($0.1 ?? "").isEmpty }.map(\.0)
            case nil: break
            }
            for field in needed {
                error(
                    "storage.settings", object, path,
                    "\(path).\(field) is required for provider \(storage.spec.backupStorageProvider?.rawValue ?? "")")
            }
            if let version = config.awsSignatureVersion, !["", "1", "4"].contains(version) {
                error(
                    "storage.settings", object, path + ".awsSignatureVersion",
                    "\(path).awsSignatureVersion must be \"1\" or \"4\"")
            }
        }
        if let snapshot = storage.spec.volumeSnapshotConfig {
            let path = "spec.volumeSnapshotConfig"
            if snapshot.credsSecretRef != nil {
                checkReferenceComplete(
                    snapshot.credsSecretRef, in: object, path: path + ".credsSecretRef", required: false)
            }
            if storage.spec.volumeSnapshotProvider == .azure {
                for (field, value) in [
                    ("azureResourceGroup", snapshot.azureResourceGroup), ("azureApiTimeout", snapshot.azureApiTimeout),
                ]
                where (value ?? "").isEmpty {
                    error("storage.settings", object, path, "\(path).\(field) is required for azure snapshots")
                }
            }
        }
    }
}
