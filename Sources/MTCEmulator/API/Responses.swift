import Foundation
import Hummingbird
import KubeObjects

/// Response construction shared by the API handlers.
enum Responses {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? value.serialized()) ?? Data("{}".utf8)
        return raw(data, status: status)
    }

    /// A response whose body is already-serialised JSON (stored objects, lists).
    static func raw(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBufferAllocator().buffer(capacity: data.count)
        buffer.writeBytes(data)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: buffer))
    }

    static func text(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func error(_ error: APIError) -> Response {
        json(error.status, status: HTTPResponse.Status(code: error.code))
    }

    /// A `List` of stored objects, assembled from their bytes without re-encoding them.
    static func list(
        _ type: ResourceType, items: [StoredObject], resourceVersion: Int64, continueToken: String?,
        remaining: Int?
    ) -> Response {
        var metadata: [String: JSONValue] = ["resourceVersion": .string(String(resourceVersion))]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        if let remaining { metadata["remainingItemCount"] = .int(Int64(remaining)) }
        let head: JSONValue = [
            "kind": .string("\(type.kind)List"), "apiVersion": .string(type.apiVersion), "metadata": .object(metadata),
        ]
        var headBytes = (try? head.serialized()) ?? Data("{}".utf8)
        headBytes.removeLast()  // the closing brace; items follow
        let size = headBytes.count + items.reduce(16) { $0 + $1.json.count + 1 }
        var buffer = ByteBufferAllocator().buffer(capacity: size)
        buffer.writeBytes(headBytes)
        buffer.writeString(",\"items\":[")
        for (index, item) in items.enumerated() {
            if index > 0 { buffer.writeString(",") }
            buffer.writeBytes(item.json)
        }
        buffer.writeString("]}")
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: buffer))
    }
}
