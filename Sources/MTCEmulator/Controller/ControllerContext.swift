import Foundation
import KubeObjects
import Logging

/// What every reconcile step needs: the store, the emulated clusters, time and tunables.
struct ControllerContext: Sendable {
    let store: any ObjectStore
    let inventory: Inventory
    let timeScale: Double
    let clock: any ControllerClock
    let settings: MigControllerSettings
    let logger: Logger

    var namespace: String { MigControllerSettings.migrationNamespace }

    /// Real seconds an operation of `emulatedSeconds` takes.
    func realSeconds(_ emulatedSeconds: Double) -> Double { emulatedSeconds / timeScale }

    func secret(_ ref: ObjectRef) -> KubeObject? {
        try? store.get(.secret, namespace: ref.namespace, name: ref.name)
    }

    /// The value of a Secret key from `data` (base64) or `stringData`; nil when absent.
    func secretValue(_ secret: KubeObject, key: String) -> String? {
        if let encoded = secret.json[path: ["data", key]]?.stringValue {
            guard let data = Data(base64Encoded: encoded) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        return secret.json[path: ["stringData", key]]?.stringValue
    }

    /// The emulated cluster a MigCluster reaches: the host for `isHostCluster`, otherwise the
    /// inventory cluster with the same API URL.
    func inventoryCluster(for migCluster: KubeObject) -> Inventory.Cluster? {
        if migCluster.specFlag("isHostCluster") {
            return inventory.hostCluster ?? Inventory.Cluster(name: "host", isHostCluster: true)
        }
        return inventory.cluster(apiURL: migCluster.specString("url"))
    }
}
