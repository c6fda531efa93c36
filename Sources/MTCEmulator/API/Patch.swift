import KubeObjects

/// The patch formats the emulator accepts on PATCH.
enum Patch {
    /// RFC 7386 JSON merge patch: objects merge member by member, `null` removes a member,
    /// anything else replaces the target.
    static func merge(_ patch: JSONValue, into target: JSONValue) -> JSONValue {
        guard case .object(let members) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in members {
            if value.isNull {
                result[key] = nil
            } else {
                result[key] = merge(value, into: result[key] ?? .null)
            }
        }
        return .object(result)
    }

    /// RFC 6902 JSON patch (`add`, `remove`, `replace`, `test`, `move`, `copy`), applied in order.
    static func json(_ operations: JSONValue, to target: JSONValue) throws -> JSONValue {
        guard let list = operations.arrayValue else { throw APIError.badRequest("a JSON patch must be an array") }
        var document = target
        for operation in list {
            guard let op = operation["op"]?.stringValue, let path = operation["path"]?.stringValue else {
                throw APIError.badRequest("each JSON patch operation needs op and path")
            }
            let pointer = try JSONPointer(path)
            switch op {
            case "add":
                document = try pointer.set(operation["value"] ?? .null, in: document, inserting: true)
            case "replace":
                _ = try pointer.get(from: document)
                document = try pointer.set(operation["value"] ?? .null, in: document, inserting: false)
            case "remove":
                document = try pointer.remove(from: document)
            case "test":
                guard try pointer.get(from: document) == (operation["value"] ?? .null) else {
                    throw APIError(code: 422, reason: "Invalid", message: "JSON patch test failed at \(path)")
                }
            case "move", "copy":
                guard let from = operation["from"]?.stringValue else {
                    throw APIError.badRequest("JSON patch \(op) needs from")
                }
                let source = try JSONPointer(from)
                let value = try source.get(from: document)
                if op == "move" { document = try source.remove(from: document) }
                document = try pointer.set(value, in: document, inserting: true)
            default:
                throw APIError.badRequest("unknown JSON patch operation \(op)")
            }
        }
        return document
    }
}

/// An RFC 6901 JSON pointer such as `/spec/hooks/0`.
struct JSONPointer {
    var tokens: [String]

    init(_ text: String) throws(APIError) {
        guard text.isEmpty || text.hasPrefix("/") else { throw APIError.badRequest("invalid JSON pointer \(text)") }
        tokens = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    func get(from document: JSONValue) throws -> JSONValue {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { throw missing }
                current = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { throw missing }
                current = items[index]
            default:
                throw missing
            }
        }
        return current
    }

    func set(_ value: JSONValue, in document: JSONValue, inserting: Bool) throws -> JSONValue {
        try update(document, tokens[...]) { parent, last in
            switch parent {
            case .object(var members):
                members[last] = value
                return .object(members)
            case .array(var items):
                if last == "-" {
                    items.append(value)
                } else if let index = Int(last), index >= 0, index <= items.count {
                    if inserting {
                        items.insert(value, at: index)
                    } else {
                        guard index < items.count else { throw missing }
                        items[index] = value
                    }
                } else {
                    throw missing
                }
                return .array(items)
            default:
                throw missing
            }
        }
    }

    func remove(from document: JSONValue) throws -> JSONValue {
        try update(document, tokens[...]) { parent, last in
            switch parent {
            case .object(var members):
                guard members.removeValue(forKey: last) != nil else { throw missing }
                return .object(members)
            case .array(var items):
                guard let index = Int(last), items.indices.contains(index) else { throw missing }
                items.remove(at: index)
                return .array(items)
            default:
                throw missing
            }
        }
    }

    private var missing: APIError {
        APIError.badRequest("JSON patch path /\(tokens.joined(separator: "/")) does not exist")
    }

    /// Rebuilds the document along the path, letting `change` edit the last container.
    private func update(
        _ node: JSONValue, _ rest: ArraySlice<String>,
        _ change: (JSONValue, String) throws -> JSONValue
    ) throws -> JSONValue {
        guard let first = rest.first else { throw APIError.badRequest("a JSON patch cannot replace the whole object") }
        if rest.count == 1 { return try change(node, first) }
        switch node {
        case .object(var members):
            guard let child = members[first] else { throw missing }
            members[first] = try update(child, rest.dropFirst(), change)
            return .object(members)
        case .array(var items):
            guard let index = Int(first), items.indices.contains(index) else { throw missing }
            items[index] = try update(items[index], rest.dropFirst(), change)
            return .array(items)
        default:
            throw missing
        }
    }
}
