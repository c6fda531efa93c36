/// Where each field of one YAML document was written.
///
/// Keys are field paths in the form findings use: `spec.srcMigClusterRef.name`,
/// `spec.namespaces[1]`, `metadata.labels["app.kubernetes.io/name"]`. A mapping member maps to
/// the position of its key (the line a reader thinks of as "the field"), a sequence item to the
/// position of the item. The empty path is the document's root node.
public struct SourceMap: Sendable, Hashable {
    public private(set) var positions: [String: SourcePosition]

    public init(positions: [String: SourcePosition] = [:]) {
        self.positions = positions
    }

    mutating func record(_ path: String, _ position: SourcePosition) {
        positions[path] = position
    }

    /// The position of `path`, or of its nearest recorded ancestor when the field itself is
    /// absent (a missing required field points at the object that should hold it).
    public func position(of path: String) -> SourcePosition? {
        var current = Substring(path)
        while true {
            if let position = positions[String(current)] { return position }
            if current.isEmpty { return nil }
            current = FieldPath.parent(of: current)
        }
    }
}

/// Builds and takes apart the field paths used by `SourceMap`, `SchemaViolation` and findings.
public enum FieldPath {
    /// `parent.key`, or `parent["key"]` when the key would be ambiguous with dots or brackets.
    public static func member(_ parent: String, _ key: String) -> String {
        let plain =
            !key.isEmpty
            && key.utf8.allSatisfy {
                $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "]")
                    && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: " ")
            }
        if plain { return parent.isEmpty ? key : parent + "." + key }
        let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return parent + "[\"" + escaped + "\"]"
    }

    /// `parent[index]`.
    public static func item(_ parent: String, _ index: Int) -> String {
        parent + "[" + String(index) + "]"
    }

    /// The path one level up: `a.b[2]` → `a.b`, `a.b` → `a`, `a` → ``.
    static func parent(of path: Substring) -> Substring {
        guard let last = path.last else { return path }
        if last == "]" {
            // Either an index or a quoted key: find the matching opening bracket.
            var index = path.index(before: path.endIndex)
            var inQuotes = false
            while index > path.startIndex {
                index = path.index(before: index)
                let ch = path[index]
                if ch == "\"" {
                    let escaped = index > path.startIndex && path[path.index(before: index)] == "\\"
                    if !escaped { inQuotes.toggle() }
                } else if ch == "[" && !inQuotes {
                    return path[..<index]
                }
            }
            return path[path.startIndex..<path.startIndex]
        }
        if let dot = path.lastIndex(of: ".") {
            // A dot inside a trailing quoted key is handled above; here it separates members.
            return path[..<dot]
        }
        return path[path.startIndex..<path.startIndex]
    }
}
