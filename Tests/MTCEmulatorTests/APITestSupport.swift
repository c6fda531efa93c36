import Foundation
import KubeObjects
import MTCEmulator
import MigsyncTesting

/// Short paths and bodies the API tests share.
enum API {
    static let plans = "/apis/migration.openshift.io/v1alpha1/namespaces/openshift-migration/migplans"
    static let migrations = "/apis/migration.openshift.io/v1alpha1/namespaces/openshift-migration/migmigrations"
    static let tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"

    static func plan(_ name: String, labels: [String: String] = [:], namespace: String = "openshift-migration")
        -> JSONValue
    {
        var object = KubeObject(
            apiVersion: "migration.openshift.io/v1alpha1", kind: "MigPlan", namespace: namespace, name: name,
            spec: ["namespaces": ["shop"], "srcMigClusterRef": ["name": "source", "namespace": "openshift-migration"]])
        object.labels = labels
        return object.json
    }

    static func encode(_ value: JSONValue) throws -> Data { try value.serialized() }
}

extension Curl.Response {
    var json: JSONValue? { try? JSONValue.parse(body) }

    /// Newline-delimited JSON (a watch stream).
    var lines: [JSONValue] { text.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) } }
}

extension EmulatorFixture {
    /// curl with whatever credentials this fixture's kubeconfig carries.
    var curl: Curl {
        Curl(
            caCertificatePath: tls?.caCertificatePath,
            clientCertificatePath: configuration.clientCertificateAuthentication ? tls?.clientCertificatePath : nil,
            clientKeyPath: configuration.clientCertificateAuthentication ? tls?.clientKeyPath : nil,
            bearerToken: configuration.token)
    }

    func request(
        _ method: String, _ path: String, json: JSONValue? = nil, contentType: String = "application/json",
        headers: [String: String] = [:]
    ) async throws -> Curl.Response {
        try await curl.request(
            method, url.absoluteString + path, body: try json.map(API.encode), contentType: contentType,
            headers: headers)
    }
}

/// Watch lines as they arrive from a streaming curl.
extension ServerProcess {
    func watchEvents() -> [JSONValue] {
        output.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8)) }
    }

    /// Waits until at least `count` watch events have arrived.
    func waitForEvents(_ count: Int, timeout: Duration = .seconds(15)) async throws -> [JSONValue] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let events = watchEvents()
            if events.count >= count { return events }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("expected \(count) watch events, got: \(output)")
    }
}
