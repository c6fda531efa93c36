import Foundation
import KubeObjects

/// MigCluster: checks the URL, the service-account secret and its token, tests the
/// connection against the inventory, and publishes the registry path.
struct ClusterReconciler {
    let pass: ReconcilePass

    var context: ControllerContext { pass.context }

    func reconcile(_ original: KubeObject) -> KubeObject {
        var object = original
        var conditions = ConditionList(of: object, now: pass.timestamp)
        conditions.beginStaging()

        let isHost = object.specFlag("isHostCluster")
        var registryPath: String?
        if isHost {
            let cluster = context.inventory.hostCluster
            registryPath = cluster?.registryPath
            if cluster?.unreachable == true || FailureInjection.isTrue(FailureInjection.unreachable, on: object) {
                conditions.set(
                    "TestConnectFailed", category: .critical,
                    message: "Test connect failed: the host cluster's API server did not answer.")
            }
        } else {
            registryPath = validateRemote(object, into: &conditions)
        }

        if !conditions.hasBlocker {
            conditions.set("Ready", category: .required, message: "The cluster is ready.")
        }
        conditions.endStaging()

        object.setStatus("conditions", conditions.json)
        object.setStatus("registryPath", registryPath.flatMap { $0.isEmpty ? nil : .string($0) })
        object.setStatus("observedGeneration", object.generation.map(JSONValue.int))
        if object.specFlag("refresh") { object.setSpec("refresh", .bool(false)) }
        return object
    }

    /// Checks a remote cluster; returns its registry path when it has a valid one.
    private func validateRemote(_ object: KubeObject, into conditions: inout ConditionList) -> String? {
        let url = object.specString("url")
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty
        else {
            conditions.set("InvalidURL", category: .critical, message: "The `url` property must be a valid URL.")
            return nil
        }

        guard let secretRef = ObjectRef(object.spec?["serviceAccountSecretRef"]),
            let secret = context.secret(secretRef)
        else {
            conditions.set(
                "InvalidSaSecretRef", category: .critical,
                message: "The `serviceAccountSecretRef` must reference a `secret`.")
            return nil
        }
        guard let token = context.secretValue(secret, key: "saToken"), !token.isEmpty else {
            conditions.set(
                "InvalidSaToken", category: .critical,
                message: "The `saToken` not found in `serviceAccountSecretRef` secret.")
            return nil
        }

        guard let cluster = context.inventory.cluster(apiURL: url) else {
            conditions.set(
                "TestConnectFailed", category: .critical,
                message: "Test connect failed: dial tcp: lookup \(host): no such host: \(url)")
            return nil
        }
        if cluster.unreachable || FailureInjection.isTrue(FailureInjection.unreachable, on: object) {
            conditions.set(
                "TestConnectFailed", category: .critical,
                message: "Test connect failed: dial tcp \(host): i/o timeout: \(url)")
            return nil
        }

        let exposed = Self.strippedRegistryPath(object.specString("exposedRegistryPath"))
        if exposed.isEmpty { return nil }
        if exposed != cluster.registryPath {
            conditions.set(
                "InvalidRegistryRoute", category: .critical,
                message: "Exposed registry route is invalid, Error : \"GET https://\(exposed)/v2/: no route to host\"")
            return nil
        }
        return exposed
    }

    /// `exposedRegistryPath` without a `scheme://` prefix or trailing `/`, as MTC stores it.
    static func strippedRegistryPath(_ path: String) -> String {
        var p = path.trimmingCharacters(in: .whitespaces)
        if let range = p.range(of: "://") { p = String(p[range.upperBound...]) }
        while p.hasSuffix("/") { p.removeLast() }
        return p
    }
}
