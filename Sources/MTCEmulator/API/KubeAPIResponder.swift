import Foundation
import Hummingbird
import KubeObjects
import Logging

/// The emulator's Kubernetes API: discovery, then get/list/watch/create/update/patch/delete
/// of the served resources, with Kubernetes `Status` bodies for every failure.
///
/// Paths are matched by hand rather than through a router: the API's shape (core vs. named
/// groups, namespaced vs. cluster-wide collections, `watch` in the query) is easier to read as
/// one function than as dozens of route registrations.
struct KubeAPIResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext

    let store: SQLiteObjectStore
    let authenticator: Authenticator
    let serverAddress: String
    let watchOptions: WatchOptions
    let logger: Logger

    /// Largest request body accepted (a MigPlan with many PVs is a few hundred KB).
    static let maxBodySize = 8 << 20

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        do {
            if !Authenticator.isPublic(path) {
                try await authenticator.authenticate(request, context: context)
            }
            return try await route(request, path: path, context: context)
        } catch let error as APIError {
            if error.code >= 500 {
                logger.error(
                    "request failed",
                    metadata: ["http.method": "\(request.method)", "http.path": "\(path)", "error": "\(error.message)"])
            }
            return Responses.error(error)
        } catch {
            logger.error(
                "request failed",
                metadata: ["http.method": "\(request.method)", "http.path": "\(path)", "error": "\(error)"])
            return Responses.error(.internalError(String(describing: error)))
        }
    }

    private func route(_ request: Request, path: String, context: Context) async throws -> Response {
        let segments = path.split(separator: "/").map(String.init)
        let isGet = request.method == .get
        switch segments.count {
        case 1 where ["healthz", "livez", "readyz"].contains(segments[0]) && isGet:
            return Responses.text("ok")
        case 2 where segments == ["openapi", "v2"] && isGet:
            // kubectl's client-side validation loads this protobuf document; an empty message
            // is a valid document that describes no types, so kubectl skips schema checks and
            // the server's own validation (422 with causes) applies.
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"],
                body: ResponseBody())
        case 1 where segments[0] == "version" && isGet:
            return Responses.json(Discovery.version())
        case 1 where segments[0] == "api" && isGet:
            return Responses.json(Discovery.coreVersions(serverAddress: serverAddress))
        case 1 where segments[0] == "apis" && isGet:
            return Responses.json(Discovery.groupList())
        case 2 where segments[0] == "api" && isGet:
            guard let list = Discovery.resourceList(group: "", version: segments[1]) else {
                throw APIError.pathNotFound
            }
            return Responses.json(list)
        case 2 where segments[0] == "apis" && isGet:
            guard let group = Discovery.group(named: segments[1]) else { throw APIError.pathNotFound }
            return Responses.json(group)
        case 3 where segments[0] == "apis" && isGet:
            guard let list = Discovery.resourceList(group: segments[1], version: segments[2]) else {
                throw APIError.pathNotFound
            }
            return Responses.json(list)
        default:
            break
        }
        guard var target = try ResourceTarget(segments: segments) else { throw APIError.pathNotFound }
        let query = RequestQuery(request.uri.query)
        if query.flag("watch") { target.watch = true }
        let handler = ResourceHandler(
            store: store, resource: target.resource, namespace: target.namespace, query: query,
            accept: request.headers[.accept], logger: logger)
        switch (request.method, target.name) {
        case (.get, nil) where target.watch:
            return try handler.watch(options: watchOptions)
        case (.get, nil):
            return try handler.list()
        case (.get, let name?):
            return try handler.get(name)
        case (.post, nil):
            return try handler.create(try await body(request))
        case (.put, let name?):
            return try handler.update(name, body: try await body(request))
        case (.patch, let name?):
            return try handler.patch(
                name, body: try await body(request), contentType: request.headers[.contentType] ?? "")
        case (.delete, let name?):
            return try handler.delete(name)
        case (.delete, nil):
            return try handler.deleteCollection()
        default:
            throw APIError.methodNotAllowed(request.method.rawValue)
        }
    }

    private func body(_ request: Request) async throws -> Data {
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maxBodySize)
        return Data(buffer.readableBytesView)
    }
}

/// Where a resource request points: which resource, which namespace, which object.
struct ResourceTarget {
    var resource: ServedResource
    var namespace: String?
    var name: String?
    var watch = false

    /// Parses `/api/v1/...` and `/apis/<group>/<version>/...`; nil when the path names no
    /// served resource; throws for a status or other subresource, which the MTC CRDs lack.
    init?(segments: [String]) throws(APIError) {
        var rest: ArraySlice<String>
        let group: String
        let version: String
        if segments.first == "api", segments.count >= 3 {
            (group, version, rest) = ("", segments[1], segments.dropFirst(2))
        } else if segments.first == "apis", segments.count >= 4 {
            (group, version, rest) = (segments[1], segments[2], segments.dropFirst(3))
        } else {
            return nil
        }
        if rest.first == "watch" {
            watch = true
            rest = rest.dropFirst()
        }
        let parts = Array(rest)
        func served(_ name: String) -> ServedResource? {
            ResourceCatalog.find(group: group, version: version, resource: name)
        }
        switch parts.count {
        case 1, 2:
            // `/namespaces`, `/namespaces/<name>`, or a cluster-wide collection `/migplans`.
            guard let resource = served(parts[0]) else { return nil }
            if parts.count == 2, resource.type.namespaced { return nil }
            self.resource = resource
            self.name = parts.count == 2 ? parts[1] : nil
        case 3, 4:
            guard parts[0] == "namespaces", let resource = served(parts[2]) else {
                if parts[0] == "namespaces", served("namespaces") != nil, parts.count == 3 {
                    // `/namespaces/<name>/status` or `/finalize`: not served.
                    throw APIError.pathNotFound
                }
                return nil
            }
            guard resource.type.namespaced else { return nil }
            self.resource = resource
            self.namespace = parts[1]
            self.name = parts.count == 4 ? parts[3] : nil
        case 5:
            // `.../<name>/status`: the MTC CRDs have no subresources.
            throw APIError.pathNotFound
        default:
            return nil
        }
    }
}
