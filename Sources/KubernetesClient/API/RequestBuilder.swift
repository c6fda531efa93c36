import KubeObjects

/// Builds API paths and query strings. Pure, so URL shapes are unit-tested without a server.
enum RequestBuilder {
    /// `/apis/<group>/<version>[/namespaces/<ns>]/<resource>[/<name>]`. A namespaced type
    /// with no namespace addresses all namespaces (lists and watches only).
    static func path(_ type: ResourceType, namespace: String?, name: String? = nil) -> String {
        var path = type.groupVersionPath
        if type.namespaced, let namespace, !namespace.isEmpty {
            path += "/namespaces/" + escape(namespace)
        }
        path += "/" + type.resource
        if let name { path += "/" + escape(name) }
        return path
    }

    /// `path?k=v&...` with every value percent-encoded; empty when there is no item.
    static func target(_ path: String, query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    static func listQuery(_ options: ListOptions) -> [(String, String)] {
        var query: [(String, String)] = []
        if let selector = options.labelSelector, !selector.requirements.isEmpty {
            query.append(("labelSelector", selector.description))
        }
        if let fieldSelector = options.fieldSelector, !fieldSelector.isEmpty {
            query.append(("fieldSelector", fieldSelector))
        }
        if let limit = options.limit, limit > 0 { query.append(("limit", String(limit))) }
        if let token = options.continueToken, !token.isEmpty { query.append(("continue", token)) }
        if let version = options.resourceVersion { query.append(("resourceVersion", version)) }
        return query
    }

    static func watchQuery(
        labelSelector: LabelSelector?, resourceVersion: String, timeoutSeconds: Int
    ) -> [(String, String)] {
        var query: [(String, String)] = [("watch", "true")]
        if let labelSelector, !labelSelector.requirements.isEmpty {
            query.append(("labelSelector", labelSelector.description))
        }
        query.append(("resourceVersion", resourceVersion))
        query.append(("allowWatchBookmarks", "true"))
        query.append(("timeoutSeconds", String(timeoutSeconds)))
        return query
    }

    static func writeQuery(dryRun: Bool) -> [(String, String)] {
        dryRun ? [("dryRun", "All")] : []
    }

    /// RFC 3986 unreserved characters pass; everything else is `%XX`.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
