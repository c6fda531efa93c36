import KubeObjects

extension KubernetesClient {
    /// Reads one object.
    ///
    /// - Parameter namespace: for namespaced types; `nil` means ``defaultNamespace``.
    /// - Throws: ``KubeError/notFound(message:)`` when it does not exist.
    public func get(_ type: ResourceType, namespace: String? = nil, name: String) async throws -> KubeObject {
        let path = RequestBuilder.path(type, namespace: resolvedNamespace(type, namespace), name: name)
        let response = try await execute(HTTPRequest(method: .get, target: path))
        return try decodeObject(response, type: type)
    }

    /// Lists one page of objects.
    ///
    /// - Parameter namespace: `nil` lists every namespace.
    public func list(_ type: ResourceType, namespace: String? = nil, options: ListOptions = ListOptions())
        async throws -> KubeList
    {
        let target = RequestBuilder.target(
            RequestBuilder.path(type, namespace: namespace), query: RequestBuilder.listQuery(options))
        let response = try await execute(HTTPRequest(method: .get, target: target))
        return try await decodeList(response, type: type)
    }

    /// Lists every object, `chunkSize` at a time, following continue tokens. The result's
    /// resource version is the first page's: the consistent snapshot the pages belong to.
    ///
    /// When the snapshot expires between pages (410), the list starts over in one request,
    /// as client-go's pager does.
    public func listAll(
        _ type: ResourceType, namespace: String? = nil, labelSelector: LabelSelector? = nil, chunkSize: Int = 500
    ) async throws -> KubeList {
        var options = ListOptions(labelSelector: labelSelector, limit: chunkSize)
        var items: [KubeObject] = []
        var resourceVersion: String?
        while true {
            let page: KubeList
            do {
                page = try await list(type, namespace: namespace, options: options)
            } catch KubeError.gone where options.continueToken != nil {
                return try await list(type, namespace: namespace, options: ListOptions(labelSelector: labelSelector))
            }
            items.append(contentsOf: page.items)
            if resourceVersion == nil { resourceVersion = page.resourceVersion }
            guard let token = page.continueToken else { break }
            options.continueToken = token
        }
        return KubeList(items: items, resourceVersion: resourceVersion ?? "")
    }

    /// Creates an object. Without a name, the server derives one from `metadata.generateName`.
    ///
    /// - Parameters:
    ///   - type: where to create it; `nil` derives it from the object's `apiVersion`/`kind`.
    ///   - dryRun: validate and return what would be stored, storing nothing (`dryRun=All`).
    /// - Throws: ``KubeError/alreadyExists(message:)``, ``KubeError/invalid(message:causes:)``.
    public func create(_ object: KubeObject, type: ResourceType? = nil, dryRun: Bool = false) async throws
        -> KubeObject
    {
        let type = try resourceType(of: object, type)
        let target = RequestBuilder.target(
            RequestBuilder.path(type, namespace: resolvedNamespace(type, object.namespace)),
            query: RequestBuilder.writeQuery(dryRun: dryRun))
        let body = try encode(prepared(object, type: type).json)
        let response = try await execute(HTTPRequest(method: .post, target: target, body: body))
        return try decodeObject(response, type: type)
    }

    /// Replaces an object (PUT). The object's `metadata.resourceVersion` makes this a
    /// compare-and-swap: a stale version fails with ``KubeError/conflict(message:)``.
    public func update(_ object: KubeObject, type: ResourceType? = nil, dryRun: Bool = false) async throws
        -> KubeObject
    {
        let type = try resourceType(of: object, type)
        let target = RequestBuilder.target(
            RequestBuilder.path(type, namespace: resolvedNamespace(type, object.namespace), name: object.name),
            query: RequestBuilder.writeQuery(dryRun: dryRun))
        let body = try encode(prepared(object, type: type).json)
        let response = try await execute(HTTPRequest(method: .put, target: target, body: body))
        return try decodeObject(response, type: type)
    }

    /// Applies a JSON merge patch (RFC 7386): members set to `null` are removed, objects merge,
    /// everything else replaces.
    public func patch(
        _ type: ResourceType, namespace: String? = nil, name: String, mergePatch: JSONValue, dryRun: Bool = false
    ) async throws -> KubeObject {
        let target = RequestBuilder.target(
            RequestBuilder.path(type, namespace: resolvedNamespace(type, namespace), name: name),
            query: RequestBuilder.writeQuery(dryRun: dryRun))
        let request = HTTPRequest(
            method: .patch, target: target, headers: [HTTPHeader("Content-Type", "application/merge-patch+json")],
            body: try encode(mergePatch))
        let response = try await execute(request)
        return try decodeObject(response, type: type)
    }

    /// Deletes an object.
    ///
    /// - Returns: the object as the server last had it (with `deletionTimestamp` while
    ///   finalizers run), or `nil` when the server answered with a bare `Status`.
    @discardableResult
    public func delete(_ type: ResourceType, namespace: String? = nil, name: String, dryRun: Bool = false)
        async throws -> KubeObject?
    {
        let target = RequestBuilder.target(
            RequestBuilder.path(type, namespace: resolvedNamespace(type, namespace), name: name),
            query: RequestBuilder.writeQuery(dryRun: dryRun))
        let response = try await execute(HTTPRequest(method: .delete, target: target))
        guard !response.body.isEmpty else { return nil }
        let object = try decodeObject(response, type: type)
        return object.kind == "Status" ? nil : object
    }

    // MARK: - Helpers

    func resolvedNamespace(_ type: ResourceType, _ namespace: String?) -> String? {
        guard type.namespaced else { return nil }
        if let namespace, !namespace.isEmpty { return namespace }
        return defaultNamespace
    }

    func resourceType(of object: KubeObject, _ explicit: ResourceType?) throws -> ResourceType {
        if let explicit { return explicit }
        guard let type = ResourceType.forKind(object.kind, apiVersion: object.apiVersion) else {
            throw KubeError.unknownResourceType(kind: object.kind, apiVersion: object.apiVersion)
        }
        return type
    }

    /// The body as sent: self-describing, and in the namespace the URL names.
    func prepared(_ object: KubeObject, type: ResourceType) -> KubeObject {
        var object = Self.completing(object, type: type)
        if let namespace = resolvedNamespace(type, object.namespace), object.namespace != namespace {
            object.namespace = namespace
        }
        return object
    }
}
