import KubeObjects

/// The discovery documents kubectl reads before anything else: `/api`, `/apis`, a group, and a
/// group version's resource list.
enum Discovery {
    static func version() -> JSONValue {
        [
            "major": "1", "minor": "30", "gitVersion": "v1.30.0-migsync-emulator", "gitCommit": "",
            "gitTreeState": "clean", "buildDate": "2025-01-01T00:00:00Z", "goVersion": "n/a",
            "compiler": "swift", "platform": "linux/amd64",
        ]
    }

    static func coreVersions(serverAddress: String) -> JSONValue {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
        ]
    }

    static func groupList() -> JSONValue {
        ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(ResourceCatalog.groups.map(group))]
    }

    /// `/apis/<group>`, or nil when the group is not served.
    static func group(named name: String) -> JSONValue? {
        guard let entry = ResourceCatalog.groups.first(where: { $0.group == name }) else { return nil }
        var document = group(entry)
        document["kind"] = "APIGroup"
        document["apiVersion"] = "v1"
        return document
    }

    /// `/api/v1` or `/apis/<group>/<version>`, or nil when nothing is served there.
    static func resourceList(group: String, version: String) -> JSONValue? {
        let resources = ResourceCatalog.all.filter { $0.type.group == group && $0.type.version == version }
        guard !resources.isEmpty else { return nil }
        let groupVersion = group.isEmpty ? version : "\(group)/\(version)"
        return [
            "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion),
            "resources": .array(
                resources.map { resource in
                    var entry: [String: JSONValue] = [
                        "name": .string(resource.type.resource), "singularName": .string(resource.singular),
                        "namespaced": .bool(resource.type.namespaced), "kind": .string(resource.type.kind),
                        "verbs": .array(resource.verbs.map(JSONValue.string)),
                    ]
                    if !resource.shortNames.isEmpty {
                        entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string))
                    }
                    return .object(entry)
                }),
        ]
    }

    private static func group(_ entry: (group: String, versions: [String])) -> JSONValue {
        let versions: [JSONValue] = entry.versions.map {
            ["groupVersion": .string("\(entry.group)/\($0)"), "version": .string($0)]
        }
        return ["name": .string(entry.group), "versions": .array(versions), "preferredVersion": versions[0]]
    }
}
