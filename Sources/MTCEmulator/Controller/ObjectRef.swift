public import KubeObjects

/// A reference between MTC objects (`name` + `namespace`). mig-controller treats a reference
/// as set only when both parts are non-empty, and compares references as a whole.
struct ObjectRef: Hashable, Sendable, CustomStringConvertible {
    var namespace: String
    var name: String

    init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// Reads an `ObjectReference` value; nil unless both name and namespace are set.
    init?(_ json: JSONValue?) {
        guard let name = json?["name"]?.stringValue, !name.isEmpty,
            let namespace = json?["namespace"]?.stringValue, !namespace.isEmpty
        else { return nil }
        self.init(namespace: namespace, name: name)
    }

    init(of object: KubeObject) {
        self.init(namespace: object.namespace ?? "", name: object.name)
    }

    var description: String { "\(namespace)/\(name)" }
}

extension KubeObject {
    /// `spec.<key>` as a Bool, false when absent.
    func specFlag(_ key: String) -> Bool { spec?[key]?.boolValue ?? false }

    /// `spec.<key>` as a String, empty when absent.
    func specString(_ key: String) -> String { spec?[key]?.stringValue ?? "" }

    /// `metadata.creationTimestamp`, for ordering migrations.
    var creationTimestamp: String { json[path: ["metadata", "creationTimestamp"]]?.stringValue ?? "" }

    /// True when the `Ready` condition is present (MTC never writes `Ready=False`).
    var isReady: Bool { MTCCondition.list(in: self).contains { $0.type == "Ready" && $0.status == "True" } }

    func hasCondition(_ type: String) -> Bool { MTCCondition.list(in: self).contains { $0.type == type } }

    /// Sets `status.<key>`, creating `status` when needed; nil removes the key.
    mutating func setStatus(_ key: String, _ value: JSONValue?) {
        var members = status?.objectValue ?? [:]
        members[key] = value
        status = .object(members)
    }

    /// Sets `spec.<key>`; nil removes it.
    mutating func setSpec(_ key: String, _ value: JSONValue?) {
        var members = spec?.objectValue ?? [:]
        members[key] = value
        spec = .object(members)
    }
}
