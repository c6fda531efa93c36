import Foundation
import KubeObjects

/// The query parameters of an API request, percent-decoded.
struct RequestQuery: Sendable {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        guard let query else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            values[key] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    subscript(_ key: String) -> String? { values[key] }

    func flag(_ key: String) -> Bool {
        guard let value = values[key] else { return false }
        return value == "" || value == "1" || value.lowercased() == "true"
    }

    /// `dryRun=All` (the only value Kubernetes defines).
    func isDryRun() throws(APIError) -> Bool {
        guard let value = values["dryRun"] else { return false }
        guard value == "All" else {
            throw APIError.badRequest("dryRun: unsupported value \"\(value)\", supported values: \"All\"")
        }
        return true
    }

    func labelSelector() throws(APIError) -> LabelSelector? {
        guard let text = values["labelSelector"], !text.isEmpty else { return nil }
        do {
            return try LabelSelector(parsing: text)
        } catch {
            throw APIError.badRequest("unable to parse requirement: invalid label selector \"\(text)\"")
        }
    }

    func fieldSelector() throws(APIError) -> FieldSelector? {
        guard let text = values["fieldSelector"], !text.isEmpty else { return nil }
        return try FieldSelector(parsing: text)
    }

    func limit() throws(APIError) -> Int? {
        guard let text = values["limit"], !text.isEmpty else { return nil }
        guard let limit = Int(text), limit >= 0 else { throw APIError.badRequest("invalid limit \"\(text)\"") }
        return limit == 0 ? nil : limit
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// A field selector over the fields every object has: `metadata.name` and `metadata.namespace`.
struct FieldSelector: Sendable {
    enum Requirement: Sendable {
        case equals(String, String)
        case notEquals(String, String)
    }

    var requirements: [Requirement] = []

    init(parsing text: String) throws(APIError) {
        for term in text.split(separator: ",") {
            let (field, value, negated): (String, String, Bool)
            if let range = term.range(of: "!=") {
                (field, value, negated) = (String(term[..<range.lowerBound]), String(term[range.upperBound...]), true)
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                (field, value, negated) = (String(term[..<range.lowerBound]), String(term[range.upperBound...]), false)
            } else {
                throw APIError.badRequest("invalid field selector \"\(text)\"")
            }
            guard field == "metadata.name" || field == "metadata.namespace" else {
                throw APIError.badRequest("field label not supported: \(field)")
            }
            requirements.append(negated ? .notEquals(field, value) : .equals(field, value))
        }
    }

    func matches(_ object: KubeObject) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let field, let value): return Self.value(field, of: object) == value
            case .notEquals(let field, let value): return Self.value(field, of: object) != value
            }
        }
    }

    private static func value(_ field: String, of object: KubeObject) -> String {
        field == "metadata.name" ? object.name : (object.namespace ?? "")
    }
}

/// The opaque `continue` token of a chunked list: where the previous page stopped.
struct ContinueToken: Sendable, Hashable {
    var namespace: String
    var name: String

    var encoded: String {
        let payload: JSONValue = ["ns": .string(namespace), "n": .string(name)]
        return ((try? payload.serialized()) ?? Data()).base64EncodedString()
    }

    init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    init(decoding text: String) throws(APIError) {
        guard let data = Data(base64Encoded: text), let value = try? JSONReader.parse(data),
            let namespace = value["ns"]?.stringValue, let name = value["n"]?.stringValue
        else {
            throw APIError.badRequest("invalid continue token")
        }
        self.namespace = namespace
        self.name = name
    }
}
