import KubeObjects
import Yams

/// Converts Yams nodes to `JSONValue`, recording positions and enforcing depth and alias limits.
///
/// Yams shares an anchored node among all of its aliases, so a "billion laughs" document is
/// small as a node tree; it only explodes when expanded. Every use of an anchored node after
/// its first is counted here, and so is every node produced, before anything large is built.
struct NodeConverter {
    let limits: LoadLimits
    private var seenAnchors: Set<ObjectIdentifier> = []
    private var expansions = 0
    private var nodes = 0
    private var positions: [String: SourcePosition] = [:]

    init(limits: LoadLimits) {
        self.limits = limits
    }

    mutating func document(_ root: Node, index: Int) throws(YAMLLoadError) -> YAMLDocument {
        positions = [:]
        let start = Self.position(root) ?? SourcePosition(line: 1, column: 1)
        positions[""] = start
        let value = try convert(root, path: "", depth: 0)
        return YAMLDocument(index: index, value: value, position: start, sourceMap: SourceMap(positions: positions))
    }

    static func position(_ node: Node) -> SourcePosition? {
        node.mark.map { SourcePosition(line: $0.line, column: $0.column) }
    }

    private mutating func account(_ node: Node) throws(YAMLLoadError) {
        nodes += 1
        if nodes > limits.maxNodes {
            throw YAMLLoadError(
                .aliasExpansion, "file expands to more than \(limits.maxNodes) YAML nodes", at: Self.position(node))
        }
        if let anchor = node.anchor, !seenAnchors.insert(ObjectIdentifier(anchor)).inserted {
            expansions += 1
            if expansions > limits.maxAliasExpansions {
                throw YAMLLoadError(
                    .aliasExpansion,
                    "aliases are expanded more than \(limits.maxAliasExpansions) times (anchor &\(anchor.rawValue)); refusing a possible alias bomb",
                    at: Self.position(node))
            }
        }
    }

    private mutating func convert(_ node: Node, path: String, depth: Int) throws(YAMLLoadError) -> JSONValue {
        try account(node)
        switch node {
        case .scalar(let scalar):
            return Self.value(of: scalar)
        case .alias:
            // Yams resolves aliases to their anchored node while composing.
            throw YAMLLoadError(.syntax, "unresolved alias", at: Self.position(node))
        case .sequence(let sequence):
            guard depth < limits.maxDepth else { throw tooDeep(node) }
            var items: [JSONValue] = []
            items.reserveCapacity(sequence.count)
            for (offset, item) in sequence.enumerated() {
                let itemPath = FieldPath.item(path, offset)
                if let position = Self.position(item) { positions[itemPath] = position }
                items.append(try convert(item, path: itemPath, depth: depth + 1))
            }
            return .array(items)
        case .mapping(let mapping):
            guard depth < limits.maxDepth else { throw tooDeep(node) }
            var members: [String: JSONValue] = [:]
            members.reserveCapacity(mapping.count)
            var merges: [Node] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw YAMLLoadError(
                        .unsupportedKey, "mapping keys must be plain strings, not \(Self.kindName(keyNode))",
                        at: Self.position(keyNode))
                }
                try account(keyNode)
                let key = keyScalar.string
                if key == "<<" && keyScalar.style == .plain {
                    merges.append(valueNode)
                    continue
                }
                let memberPath = FieldPath.member(path, key)
                if let position = Self.position(keyNode) { positions[memberPath] = position }
                members[key] = try convert(valueNode, path: memberPath, depth: depth + 1)
            }
            // `<<: *base` (YAML 1.1 merge keys): members written explicitly win, and so do
            // their recorded positions.
            if merges.isEmpty { return .object(members) }
            let explicitPositions = members.keys.compactMap { key -> (String, SourcePosition)? in
                let memberPath = FieldPath.member(path, key)
                return positions[memberPath].map { (memberPath, $0) }
            }
            for merge in merges {
                let sources: [Node]
                switch merge {
                case .mapping: sources = [merge]
                case .sequence(let list): sources = Array(list)
                default:
                    throw YAMLLoadError(
                        .syntax, "a merge key (<<) needs a mapping or a list of mappings", at: Self.position(merge))
                }
                for source in sources {
                    guard case .mapping = source else {
                        throw YAMLLoadError(
                            .syntax, "a merge key (<<) needs a mapping or a list of mappings", at: Self.position(source)
                        )
                    }
                    guard case .object(let merged) = try convert(source, path: path, depth: depth) else { continue }
                    for (key, value) in merged where members[key] == nil {
                        members[key] = value
                    }
                }
            }
            for (memberPath, position) in explicitPositions { positions[memberPath] = position }
            return .object(members)
        }
    }

    private func tooDeep(_ node: Node) -> YAMLLoadError {
        YAMLLoadError(.tooDeep, "nesting is deeper than \(limits.maxDepth) levels", at: Self.position(node))
    }

    private static func kindName(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case .scalar: return "a scalar"
        case .alias: return "an alias"
        }
    }

    static func value(of scalar: Node.Scalar) -> JSONValue {
        let tag = scalar.tag.rawValue
        if tag.isEmpty || tag == "!" {
            return scalar.style == .plain ? ScalarResolver.resolvePlain(scalar.string) : .string(scalar.string)
        }
        return ScalarResolver.resolveTagged(scalar.string, tag: tag)
    }
}

/// Refuses aliases used inside mapping keys before Yams composes the document.
///
/// Yams compares mapping keys for duplicates by hashing whole key nodes, so a key that is an
/// alias of a deeply aliased structure would make the parser itself run for exponential time.
/// JSON keys are strings anyway, so no valid manifest needs this.
///
/// The scan is lexical and errs on the side of refusing: it only fires when the file has both
/// an alias token and something that may be a non-scalar or alias key (`? `, `*a :`, `]:`).
enum KeyAliasGuard {
    static func check(_ text: String) throws(YAMLLoadError) {
        var text = text
        let found: Int? = text.withUTF8 { bytes in
            guard bytes.contains(UInt8(ascii: "*")) else { return nil }
            var hasAlias = false
            var suspiciousKey: Int?
            let count = bytes.count
            func isAnchorChar(_ b: UInt8) -> Bool {
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                    || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
            }
            func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
            func isBreakOrEnd(_ i: Int) -> Bool { i >= count || bytes[i] == 0x0A || bytes[i] == 0x0D }
            func colonFollows(_ start: Int) -> Bool {
                var j = start
                while j < count && isBlank(bytes[j]) { j += 1 }
                return j < count && bytes[j] == UInt8(ascii: ":")
            }
            var i = 0
            while i < count {
                let b = bytes[i]
                let previous: UInt8 = i > 0 ? bytes[i - 1] : 0x0A
                switch b {
                case UInt8(ascii: "*"):
                    let tokenStart =
                        isBlank(previous) || previous == 0x0A || previous == 0x0D
                        || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "{")
                        || previous == UInt8(ascii: ",")
                    if tokenStart && i + 1 < count && isAnchorChar(bytes[i + 1]) {
                        hasAlias = true
                        var j = i + 1
                        while j < count && isAnchorChar(bytes[j]) { j += 1 }
                        if suspiciousKey == nil && colonFollows(j) { suspiciousKey = i }
                        i = j
                        continue
                    }
                case UInt8(ascii: "?"):
                    if suspiciousKey == nil && (isBreakOrEnd(i + 1) || isBlank(bytes[i + 1])) {
                        var j = i - 1
                        while j >= 0 && isBlank(bytes[j]) { j -= 1 }
                        if j < 0 || bytes[j] == 0x0A || bytes[j] == 0x0D || bytes[j] == UInt8(ascii: "[")
                            || bytes[j] == UInt8(ascii: "{") || bytes[j] == UInt8(ascii: ",")
                            || bytes[j] == UInt8(ascii: "-")
                        {
                            suspiciousKey = i
                        }
                    }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if suspiciousKey == nil && colonFollows(i + 1) { suspiciousKey = i }
                default:
                    break
                }
                i += 1
            }
            return hasAlias ? suspiciousKey : nil
        }
        if let offset = found {
            throw YAMLLoadError(
                .unsupportedKey, "aliases and collections may not be used as mapping keys",
                at: YAMLDocumentParser.position(ofByte: offset, in: Array(text.utf8)))
        }
    }
}
