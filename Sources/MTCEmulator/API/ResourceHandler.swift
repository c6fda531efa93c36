import Foundation
import Hummingbird
import KubeObjects
import Logging

/// The verbs on one resource type (in one namespace, or all).
struct ResourceHandler {
    let store: SQLiteObjectStore
    let resource: ServedResource
    let namespace: String?
    let query: RequestQuery
    let accept: String?
    let logger: Logger

    var type: ResourceType { resource.type }

    // MARK: - Reads

    func get(_ name: String) throws -> Response {
        guard let stored = store.getStored(type, namespace: namespace, name: name) else {
            throw APIError.notFound(type, name: name)
        }
        if TableRenderer.wantsTable(accept: accept) {
            return Responses.json(
                TableRenderer.table(
                    for: resource, objects: [stored.object], resourceVersion: nil, include: includeObject()))
        }
        return Responses.raw(stored.json)
    }

    func list() throws -> Response {
        let labels = try query.labelSelector()
        let fields = try query.fieldSelector()
        let limit = try query.limit()
        let (all, resourceVersion) = store.listStored(type, namespace: namespace)
        var items = all[...]
        if let token = query["continue"], !token.isEmpty {
            let start = try ContinueToken(decoding: token)
            let after = ObjectKey(namespace: start.namespace, name: start.name)
            // Items are in key order: the page starts after the last key the previous one sent,
            // found by bisection rather than a scan (a large list is read in many pages).
            var low = items.startIndex
            var high = items.endIndex
            while low < high {
                let middle = (low + high) / 2
                if key(of: items[middle].object) > after { high = middle } else { low = middle + 1 }
            }
            items = items[low...]
        }
        if labels != nil || fields != nil {
            items =
                items.filter { stored in
                    (labels?.matches(stored.object.labels) ?? true) && (fields?.matches(stored.object) ?? true)
                }[...]
        }
        var continueToken: String?
        var remaining: Int?
        if let limit, items.count > limit {
            remaining = items.count - limit
            items = items.prefix(limit)
            if let last = items.last {
                continueToken = ContinueToken(namespace: last.object.namespace ?? "", name: last.object.name).encoded
            }
        }
        if TableRenderer.wantsTable(accept: accept) {
            return Responses.json(
                TableRenderer.table(
                    for: resource, objects: items.map(\.object), resourceVersion: resourceVersion,
                    continueToken: continueToken, include: includeObject()))
        }
        return Responses.list(
            type, items: Array(items), resourceVersion: resourceVersion, continueToken: continueToken,
            remaining: remaining)
    }

    // MARK: - Writes

    func create(_ body: Data) throws -> Response {
        var object = try decode(body)
        if let namespace { object.namespace = namespace }
        try checkNamespaceExists(object.namespace)
        object = try validated(object)
        do {
            let stored = try store.create(object, as: type, dryRun: try query.isDryRun())
            logWrite("create", stored.object)
            return Responses.raw(stored.json, status: .created)
        } catch let error as StoreError {
            throw APIError.from(
                error, type: type, name: object.name.isEmpty ? (object.generateName ?? "") : object.name)
        }
    }

    func update(_ name: String, body: Data) throws -> Response {
        var object = try decode(body)
        guard object.name == name else {
            throw APIError.badRequest(
                "the name of the object (\(object.name)) does not match the name on the URL (\(name))")
        }
        if let namespace { object.namespace = namespace }
        object = try validated(object)
        do {
            let stored = try store.update(object, as: type, dryRun: try query.isDryRun())
            logWrite("update", stored.object)
            return Responses.raw(stored.json)
        } catch let error as StoreError {
            throw APIError.from(error, type: type, name: name)
        }
    }

    /// Applies a patch to the current object and stores it, retrying when another writer
    /// got in between (a patch without `resourceVersion` never fails with a conflict).
    func patch(_ name: String, body: Data, contentType: String) throws -> Response {
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let patch: JSONValue
        do {
            patch = try JSONReader.parse(body)
        } catch {
            throw APIError.badRequest("the patch body is not valid JSON")
        }
        let dryRun = try query.isDryRun()
        for _ in 0..<5 {
            guard let current = store.getStored(type, namespace: namespace, name: name) else {
                throw APIError.notFound(type, name: name)
            }
            var patched: JSONValue
            switch mediaType {
            case "application/merge-patch+json", "application/strategic-merge-patch+json":
                // Strategic merge is treated as a merge patch: the MTC kinds have no patch
                // strategies, and for secrets and namespaces the difference does not matter here.
                patched = Patch.merge(patch, into: current.object.json)
            case "application/json-patch+json":
                patched = try Patch.json(patch, to: current.object.json)
            default:
                throw APIError.unsupportedMediaType(mediaType)
            }
            var object = KubeObject(json: patched)
            guard object.name == name else { throw APIError.badRequest("a patch cannot change metadata.name") }
            if let namespace { object.namespace = namespace }
            if patch[path: ["metadata", "resourceVersion"]] == nil {
                object.resourceVersion = current.object.resourceVersion
            }
            object = try validated(object)
            do {
                let stored = try store.update(object, as: type, dryRun: dryRun)
                logWrite("patch", stored.object)
                return Responses.raw(stored.json)
            } catch StoreError.conflict where patch[path: ["metadata", "resourceVersion"]] == nil {
                continue
            } catch let error as StoreError {
                throw APIError.from(error, type: type, name: name)
            }
        }
        throw APIError.conflict(type, name: name)
    }

    func delete(_ name: String) throws -> Response {
        let dryRun = try query.isDryRun()
        do {
            let deleted = try store.delete(type, namespace: namespace, name: name, dryRun: dryRun)
            if !dryRun {
                logWrite("delete", deleted.object)
                try collectGarbage(after: deleted.object)
            }
            return Responses.raw(deleted.json)
        } catch let error as StoreError {
            throw APIError.from(error, type: type, name: name)
        }
    }

    func deleteCollection() throws -> Response {
        let labels = try query.labelSelector()
        let fields = try query.fieldSelector()
        let dryRun = try query.isDryRun()
        var deleted: [StoredObject] = []
        for stored in store.listStored(type, namespace: namespace).items {
            guard labels?.matches(stored.object.labels) ?? true, fields?.matches(stored.object) ?? true else {
                continue
            }
            do {
                let gone = try store.delete(
                    type, namespace: stored.object.namespace, name: stored.object.name, dryRun: dryRun)
                if !dryRun { try collectGarbage(after: gone.object) }
                deleted.append(gone)
            } catch StoreError.notFound {
                continue
            }
        }
        return Responses.list(
            type, items: deleted, resourceVersion: (try? store.currentResourceVersion()) ?? 0, continueToken: nil,
            remaining: nil)
    }

    // MARK: - Watch

    func watch(options: WatchOptions) throws -> Response {
        try WatchStream(
            store: store, resource: resource, namespace: namespace, query: query,
            asTable: TableRenderer.wantsTable(accept: accept), options: options
        ).response()
    }

    // MARK: - Helpers

    private func decode(_ body: Data) throws(APIError) -> KubeObject {
        guard let json = try? JSONReader.parse(body), json.objectValue != nil else {
            throw APIError.badRequest("the request body is not a JSON object")
        }
        let object = KubeObject(json: json)
        if !object.kind.isEmpty, object.kind != type.kind {
            throw APIError.badRequest("the kind \(object.kind) does not match the resource \(type.description)")
        }
        if !object.apiVersion.isEmpty, object.apiVersion != type.apiVersion {
            throw APIError.badRequest("the apiVersion \(object.apiVersion) does not match \(type.apiVersion)")
        }
        if let namespace, let own = object.namespace, !own.isEmpty, own != namespace {
            throw APIError.badRequest(
                "the namespace of the provided object does not match the namespace sent on the request")
        }
        return object
    }

    /// Applies defaults, prunes fields the CRD does not declare, then checks the rest; returns
    /// what to store.
    private func validated(_ object: KubeObject) throws(APIError) -> KubeObject {
        let object = ObjectValidator.pruned(Defaulting.applied(to: object, as: type), as: type)
        try validate(object)
        return object
    }

    private func validate(_ object: KubeObject) throws(APIError) {
        let causes = ObjectValidator.causes(for: object, as: type)
        if !causes.isEmpty {
            throw APIError.invalid(
                type, name: object.name.isEmpty ? (object.generateName ?? "") : object.name, causes: causes)
        }
    }

    private func checkNamespaceExists(_ name: String?) throws(APIError) {
        guard type.namespaced, let name else { return }
        if store.getStored(.namespace, namespace: nil, name: name) == nil {
            throw APIError.notFound(.namespace, name: name)
        }
    }

    private func includeObject() -> TableRenderer.IncludeObject {
        query["includeObject"].flatMap(TableRenderer.IncludeObject.init(rawValue:)) ?? .metadata
    }

    private func key(of object: KubeObject) -> ObjectKey {
        ObjectKey(type: type, namespace: object.namespace, name: object.name)
    }

    /// What the garbage collector and namespace controller do on a real cluster: objects
    /// owned by the deleted one (by `ownerReferences` uid) go too, and so does everything in a
    /// deleted namespace.
    private func collectGarbage(after deleted: KubeObject) throws {
        // Index owned objects by owner uid once, so a cascade is linear in the store's size.
        var ownedBy: [String: [(ResourceType, KubeObject)]] = [:]
        for served in ResourceCatalog.all where served.type.namespaced {
            for stored in store.listStored(served.type, namespace: nil).items {
                for reference in stored.object.json[path: ["metadata", "ownerReferences"]]?.arrayValue ?? [] {
                    if let uid = reference["uid"]?.stringValue {
                        ownedBy[uid, default: []].append((served.type, stored.object))
                    }
                }
            }
        }
        var pending: [(ResourceType, KubeObject)] = []
        if deleted.kind == "Namespace", deleted.apiVersion == "v1" {
            for served in ResourceCatalog.all where served.type.namespaced {
                pending += store.listStored(served.type, namespace: deleted.name).items.map { (served.type, $0.object) }
            }
        }
        pending += deleted.uid.flatMap { ownedBy[$0] } ?? []
        while let (ownedType, owned) = pending.popLast() {
            guard let gone = try? store.delete(ownedType, namespace: owned.namespace, name: owned.name, dryRun: false)
            else { continue }
            pending += gone.object.uid.flatMap { ownedBy[$0] } ?? []
        }
    }

    private func logWrite(_ verb: String, _ object: KubeObject) {
        logger.debug(
            "\(verb) \(type.description)",
            metadata: [
                "k8s.kind": "\(type.kind)", "k8s.namespace": "\(object.namespace ?? "")", "k8s.name": "\(object.name)",
                "k8s.resourceVersion": "\(object.resourceVersion ?? "")",
                "dryRun": "\((try? query.isDryRun()) ?? false)",
            ])
    }
}
