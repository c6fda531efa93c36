import Foundation

/// Where each field of one YAML document was written.
///
/// Keys are field paths in the form findings use: `spec.srcMigClusterRef.name`,
/// `spec.namespaces[1]`, `metadata.labels["app.kubernetes.io/name"]`. A mapping member maps to
/// the position of its key (the line a reader thinks of as "the field"), a sequence item to the
/// position of the item. The empty path is the document's root node.
///
/// Paths are stored as 64-bit hashes of their text, computed while the document is read
/// without building the path strings: a repository of ten thousand manifests holds a few
/// hundred thousand positions, and string keys were most of the loader's memory.
public struct SourceMap: Sendable, Hashable {
    private var positions: [UInt64: PackedPosition] = [:]

    public init() {}

    /// A map holding `positions` (paths in `FieldPath` form).
    public init(positions: [String: SourcePosition]) {
        for (path, position) in positions { record(PathHash(path), position) }
    }

    /// How many fields have a recorded position.
    public var count: Int { positions.count }

    mutating func record(_ path: PathHash, _ position: SourcePosition) {
        positions[path.value] = PackedPosition(position)
    }

    func recorded(_ path: PathHash) -> SourcePosition? {
        positions[path.value]?.position
    }

    /// The position of `path`, or of its nearest recorded ancestor when the field itself is
    /// absent (a missing required field points at the object that should hold it).
    public func position(of path: String) -> SourcePosition? {
        var current = Substring(path)
        while true {
            if let position = positions[PathHash(current).value] { return position.position }
            if current.isEmpty { return nil }
            current = FieldPath.parent(of: current)
        }
    }
}

/// A line and column in 8 bytes.
struct PackedPosition: Sendable, Hashable {
    var line: UInt32
    var column: UInt32

    init(_ position: SourcePosition) {
        line = UInt32(clamping: position.line)
        column = UInt32(clamping: position.column)
    }

    var position: SourcePosition { SourcePosition(line: Int(line), column: Int(column)) }
}

/// The FNV-1a hash of a field path's text, extended one member or item at a time exactly as
/// `FieldPath.member` / `FieldPath.item` would extend the text.
struct PathHash: Sendable, Hashable {
    private(set) var value: UInt64
    private(set) var isRoot: Bool

    static let root = PathHash()

    private init() {
        value = 0xcbf2_9ce4_8422_2325
        isRoot = true
    }

    init(_ text: some StringProtocol) {
        self.init()
        feed(text)
        isRoot = text.isEmpty
    }

    private mutating func feed(_ text: some StringProtocol) {
        for byte in text.utf8 { feed(byte) }
    }

    private mutating func feed(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    func member(_ key: String) -> PathHash {
        var next = self
        if FieldPath.isPlainKey(key) {
            if !isRoot { next.feed(UInt8(ascii: ".")) }
            next.feed(key)
        } else {
            next.feed("[\"")
            next.feed(FieldPath.escaped(key))
            next.feed("\"]")
        }
        next.isRoot = false
        return next
    }

    func item(_ index: Int) -> PathHash {
        var next = self
        next.feed(UInt8(ascii: "["))
        next.feed(String(index))
        next.feed(UInt8(ascii: "]"))
        next.isRoot = false
        return next
    }
}

/// Builds and takes apart the field paths used by `SourceMap`, `SchemaViolation` and findings.
public enum FieldPath {
    /// `parent.key`, or `parent["key"]` when the key would be ambiguous with dots or brackets.
    public static func member(_ parent: String, _ key: String) -> String {
        if isPlainKey(key) { return parent.isEmpty ? key : parent + "." + key }
        return parent + "[\"" + escaped(key) + "\"]"
    }

    static func isPlainKey(_ key: String) -> Bool {
        !key.isEmpty
            && key.utf8.allSatisfy {
                $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "]")
                    && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\\")
            }
    }

    static func escaped(_ key: String) -> String {
        key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
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
