import Foundation
import KubeObjects
import MigsyncCore

/// Builders for the objects the tests compare, so each test states only what matters to it.
enum Make {
    static let commit1 = "1111111111111111111111111111111111111111"
    static let commit2 = "2222222222222222222222222222222222222222"
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let branch = "main"

    static func ref(_ name: String) -> JSONValue {
        ["name": .string(name), "namespace": "openshift-migration"]
    }

    static func kubeObject(_ kind: MTCKind, _ name: String, spec: JSONValue?) -> KubeObject {
        KubeObject(
            apiVersion: MTCKind.apiVersion, kind: kind.rawValue, namespace: "openshift-migration", name: name,
            spec: spec)
    }

    static func desired(
        _ kind: MTCKind,
        _ name: String,
        spec: JSONValue? = [:],
        path: String? = nil,
        commit: String = commit1
    ) -> DesiredObject {
        let object = kubeObject(kind, name, spec: spec)
        // Every KubeObject built here is an MTC kind, so the wrapper always exists.
        return DesiredObject(object: object, sourcePath: path ?? "\(kind.pathComponent)/\(name).yaml", commit: commit)!
    }

    /// What the cluster holds after migsync created `desired` and MTC reconciled it.
    static func observed(
        _ desired: DesiredObject,
        conditions: [JSONValue] = [],
        status: [String: JSONValue] = [:],
        managed: Bool = true
    ) -> ObservedObject {
        var object = OwnedFields.merge(desired, into: nil, branch: branch)
        if !managed {
            var labels = object.labels
            labels[MigsyncMetadata.managedByLabel] = nil
            object.labels = labels
        }
        object.resourceVersion = "1"
        var statusMembers = status
        if !conditions.isEmpty { statusMembers["conditions"] = .array(conditions) }
        if !statusMembers.isEmpty { object.status = .object(statusMembers) }
        return ObservedObject(object: object)!
    }

    static func condition(_ type: String, _ category: String, _ message: String = "") -> JSONValue {
        ["type": .string(type), "status": "True", "category": .string(category), "message": .string(message)]
    }

    static let ready = condition("Ready", "Required", "The object is ready.")

    // MARK: - A small estate: two clusters, storage, a plan, runs

    static func cluster(_ name: String) -> DesiredObject {
        desired(.migCluster, name, spec: ["isHostCluster": .bool(name == "host")])
    }

    static func storage(_ name: String = "minio") -> DesiredObject {
        desired(.migStorage, name, spec: ["backupStorageProvider": "aws", "backupStorageConfig": [:]])
    }

    static func plan(_ name: String = "shop", namespaces: [JSONValue] = ["shop"], commit: String = commit1)
        -> DesiredObject
    {
        desired(
            .migPlan, name,
            spec: [
                "srcMigClusterRef": ref("ocp3"), "destMigClusterRef": ref("host"), "migStorageRef": ref("minio"),
                "namespaces": .array(namespaces),
            ],
            path: "plans/\(name).yaml", commit: commit)
    }

    static func run(
        _ name: String,
        plan: String = "shop",
        stage: Bool,
        commit: String = commit1,
        extra: [String: JSONValue] = [:]
    ) -> DesiredObject {
        var spec: [String: JSONValue] = ["migPlanRef": ref(plan), "stage": .bool(stage)]
        spec.merge(extra) { _, new in new }
        return desired(.migMigration, name, spec: .object(spec), path: "migrations/\(name).yaml", commit: commit)
    }

    /// An observed run with the given phase and conditions.
    static func observedRun(
        _ desired: DesiredObject,
        phase: String?,
        conditions: [JSONValue] = [],
        managed: Bool = true
    ) -> ObservedObject {
        var status: [String: JSONValue] = [:]
        if let phase { status["phase"] = .string(phase) }
        return observed(desired, conditions: conditions, status: status, managed: managed)
    }

    static let succeeded = condition("Succeeded", "Advisory", "The migration has completed successfully.")
}
