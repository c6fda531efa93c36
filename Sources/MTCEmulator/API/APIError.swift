import KubeObjects

/// A failed request, answered with a Kubernetes `Status` body so that kubectl and client
/// libraries can tell the reasons apart (`NotFound`, `AlreadyExists`, `Conflict`, ...).
struct APIError: Error, Sendable {
    var code: Int
    var reason: String
    var message: String
    var details: JSONValue?

    init(code: Int, reason: String, message: String, details: JSONValue? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    /// The `Status` object sent as the response body.
    var status: JSONValue {
        var members: [String: JSONValue] = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(Int64(code)),
        ]
        if let details { members["details"] = details }
        return .object(members)
    }

    private static func details(_ type: ResourceType, name: String) -> JSONValue {
        ["name": .string(name), "group": .string(type.group), "kind": .string(type.resource)]
    }

    static func notFound(_ type: ResourceType, name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "\(type.description) \"\(name)\" not found",
            details: details(type, name: name))
    }

    static func alreadyExists(_ type: ResourceType, name: String) -> APIError {
        APIError(
            code: 409, reason: "AlreadyExists", message: "\(type.description) \"\(name)\" already exists",
            details: details(type, name: name))
    }

    static func conflict(_ type: ResourceType, name: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(type.description) \"\(name)\": the object has been "
                + "modified; please apply your changes to the latest version and try again",
            details: details(type, name: name))
    }

    /// 422 with one cause per offending field, as the API server reports schema violations.
    static func invalid(_ type: ResourceType, name: String, causes: [FieldCause]) -> APIError {
        let summary = causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ")
        var details = details(type, name: name).objectValue ?? [:]
        details["kind"] = .string(type.kind)
        details["causes"] = .array(
            causes.map { ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)] })
        return APIError(
            code: 422, reason: "Invalid", message: "\(type.kind).\(type.group) \"\(name)\" is invalid: \(summary)",
            details: .object(details))
    }

    static func gone(_ resourceVersion: Int64, oldest: Int64) -> APIError {
        APIError(
            code: 410, reason: "Expired",
            message: "too old resource version: \(resourceVersion) (\(oldest))")
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    static func methodNotAllowed(_ method: String) -> APIError {
        APIError(
            code: 405, reason: "MethodNotAllowed",
            message: "the server does not allow this method (\(method)) on the requested resource")
    }

    static func unsupportedMediaType(_ contentType: String) -> APIError {
        APIError(
            code: 415, reason: "UnsupportedMediaType",
            message:
                "the body of the request was in an unknown format - accepted media types include: application/json, application/merge-patch+json (got \(contentType))"
        )
    }

    static let pathNotFound = APIError(
        code: 404, reason: "NotFound", message: "the server could not find the requested resource")

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    /// Maps a store error onto the response the API server gives for it.
    static func from(_ error: StoreError, type: ResourceType, name: String) -> APIError {
        switch error {
        case .notFound: return .notFound(type, name: name)
        case .alreadyExists: return .alreadyExists(type, name: name)
        case .conflict: return .conflict(type, name: name)
        case .gone(let resourceVersion): return .gone(resourceVersion, oldest: resourceVersion)
        case .invalid(let message):
            return .invalid(
                type, name: name, causes: [FieldCause(field: "metadata", reason: "FieldValueInvalid", message: message)]
            )
        }
    }
}

/// One field-level reason of a 422 Invalid answer.
struct FieldCause: Sendable, Hashable {
    var field: String
    var reason: String
    var message: String
}
