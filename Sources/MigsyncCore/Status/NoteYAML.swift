/// The small YAML subset status notes are written in, with its writer and reader.
///
/// Notes must be byte-for-byte stable (they are compared to decide whether to write), so the
/// writer keeps keys in the order given and quotes strings by one fixed rule. The reader
/// accepts exactly what the writer produces, plus full-line comments, which keeps the core
/// free of a YAML library; the output is ordinary YAML any tool can read.
enum NoteYAML {
    indirect enum Node: Sendable, Hashable {
        case string(String)
        case int(Int)
        case bool(Bool)
        case map([(String, Node)])
        case list([Node])

        static func == (lhs: Node, rhs: Node) -> Bool {
            switch (lhs, rhs) {
            case (.string(let a), .string(let b)): return a == b
            case (.int(let a), .int(let b)): return a == b
            case (.bool(let a), .bool(let b)): return a == b
            case (.map(let a), .map(let b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            case (.list(let a), .list(let b)): return a == b
            default: return false
            }
        }

        func hash(into hasher: inout Hasher) {
            switch self {
            case .string(let s): hasher.combine(s)
            case .int(let i): hasher.combine(i)
            case .bool(let b): hasher.combine(b)
            case .map(let entries):
                for (key, value) in entries {
                    hasher.combine(key)
                    hasher.combine(value)
                }
            case .list(let items): hasher.combine(items)
            }
        }

        subscript(key: String) -> Node? {
            guard case .map(let entries) = self else { return nil }
            return entries.first { $0.0 == key }?.1
        }

        var string: String? {
            switch self {
            case .string(let s): return s
            case .int(let i): return String(i)
            case .bool(let b): return String(b)
            default: return nil
            }
        }

        var int: Int? {
            if case .int(let i) = self { return i }
            return nil
        }

        var bool: Bool? {
            if case .bool(let b) = self { return b }
            return nil
        }

        var items: [Node] {
            if case .list(let items) = self { return items }
            return []
        }
    }

    struct ParseError: Error, Sendable, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { "status note line \(line): \(reason)" }
    }

    // MARK: - Writing

    /// Renders a map as a YAML document ending in a newline.
    ///
    /// Notes are rendered for every object of every pass, so the writer appends bytes to
    /// one buffer rather than building strings piece by piece.
    static func render(_ node: Node, header: String? = nil) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        if let header {
            out.append(contentsOf: "# ".utf8)
            out.append(contentsOf: header.utf8)
            out.append(newline)
        }
        write(node, indent: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let newline = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")

    private static func pad(_ count: Int, _ out: inout [UInt8]) {
        for _ in 0..<count { out.append(space) }
    }

    /// Writes a block at `indent`. With `inline`, the first line continues the current line
    /// (after a list dash) instead of starting with indentation.
    private static func write(_ node: Node, indent: Int, inline: Bool = false, into out: inout [UInt8]) {
        switch node {
        case .map(let entries):
            for (offset, (key, value)) in entries.enumerated() {
                if !(inline && offset == 0) { pad(indent, &out) }
                out.append(contentsOf: key.utf8)
                out.append(UInt8(ascii: ":"))
                writeValue(value, indent: indent, into: &out)
            }
        case .list(let items):
            for (offset, item) in items.enumerated() {
                if !(inline && offset == 0) { pad(indent, &out) }
                out.append(UInt8(ascii: "-"))
                switch item {
                case .map(let entries) where !entries.isEmpty:
                    // The first entry shares the dash's line; the rest align under it.
                    out.append(space)
                    write(item, indent: indent + 2, inline: true, into: &out)
                default:
                    writeValue(item, indent: indent, into: &out)
                }
            }
        default:
            if !inline { pad(indent, &out) }
            scalar(node, into: &out)
            out.append(newline)
        }
    }

    /// Writes what follows `key:` or `-`: a scalar on the same line, or a nested block.
    private static func writeValue(_ value: Node, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .map(let entries) where entries.isEmpty:
            out.append(contentsOf: " {}\n".utf8)
        case .list(let items) where items.isEmpty:
            out.append(contentsOf: " []\n".utf8)
        case .map:
            out.append(newline)
            write(value, indent: indent + 2, into: &out)
        case .list:
            out.append(newline)
            write(value, indent: indent, into: &out)
        default:
            out.append(space)
            scalar(value, into: &out)
            out.append(newline)
        }
    }

    private static func scalar(_ node: Node, into out: inout [UInt8]) {
        switch node {
        case .string(let s): appendQuotedIfNeeded(s, into: &out)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .map, .list: break
        }
    }

    /// Plain when the text cannot be mistaken for anything else, double-quoted otherwise.
    static func quoteIfNeeded(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuotedIfNeeded(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendQuotedIfNeeded(_ text: String, into out: inout [UInt8]) {
        if isPlainSafe(text) {
            out.append(contentsOf: text.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
            case 0..<0x20, 0x7F:
                // Multi-byte UTF-8 sequences never contain bytes below 0x80, so escaping
                // control bytes one at a time is safe.
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0xF))
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }

    private static let reservedWords: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ]

    /// Notes are rendered for every object on every pass, so this check works on bytes.
    private static func isPlainSafe(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        if bytes.count <= 5 && reservedWords.contains(text.lowercased()) { return false }
        // Anything that starts like a number could be read back as one (ints, floats,
        // hex, dates, all-digit commit prefixes).
        switch first {
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: " "),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return false
        default: break
        }
        if last == UInt8(ascii: ":") || last == UInt8(ascii: " ") { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "/"),
                UInt8(ascii: "@"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "="), UInt8(ascii: ","),
                UInt8(ascii: "+"), UInt8(ascii: "-"):
                break
            case UInt8(ascii: " "):
                // ": " would start a mapping value.
                if previous == UInt8(ascii: ":") { return false }
            case UInt8(ascii: ":"):
                break
            default:
                return false
            }
            previous = byte
        }
        // Indicators that may not start a plain scalar.
        return first != UInt8(ascii: "@") && first != UInt8(ascii: ",") && first != UInt8(ascii: ":")
    }

    // MARK: - Reading

    /// Parses text written by `render`.
    static func parse(_ text: String) throws -> Node {
        var lines: [(number: Int, indent: Int, text: String)] = []
        // Byte-wise: a note can hold thousands of objects, and counting characters or searching
        // with Foundation per line made reading one cost seconds.
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let bytes = raw.utf8
            var start = bytes.startIndex
            var indent = 0
            while start != bytes.endIndex && bytes[start] == UInt8(ascii: " ") {
                indent += 1
                bytes.formIndex(after: &start)
            }
            if start == bytes.endIndex || bytes[start] == UInt8(ascii: "#") { continue }
            lines.append((index + 1, indent, String(raw[start...])))
        }
        var reader = Reader(lines: lines)
        guard let first = reader.peek else { return .map([]) }
        let node = try reader.block(indent: first.indent)
        if let extra = reader.peek { throw ParseError(line: extra.number, reason: "unexpected indentation") }
        return node
    }

    private struct Reader {
        var lines: [(number: Int, indent: Int, text: String)]
        var position = 0

        var peek: (number: Int, indent: Int, text: String)? {
            position < lines.count ? lines[position] : nil
        }

        mutating func block(indent: Int) throws -> Node {
            guard let line = peek else { return .map([]) }
            return line.text == "-" || line.text.hasPrefix("- ") ? try list(indent: indent) : try map(indent: indent)
        }

        mutating func map(indent: Int) throws -> Node {
            var entries: [(String, Node)] = []
            while let line = peek, line.indent == indent, !(line.text == "-" || line.text.hasPrefix("- ")) {
                position += 1
                let (key, rest) = try Self.splitKey(line.text, line: line.number)
                if let rest {
                    entries.append((key, try Self.scalar(rest, line: line.number)))
                } else if let next = peek, next.indent > indent {
                    entries.append((key, try block(indent: next.indent)))
                } else if let next = peek, next.indent == indent, next.text == "-" || next.text.hasPrefix("- ") {
                    entries.append((key, try list(indent: indent)))
                } else {
                    entries.append((key, .string("")))
                }
            }
            return .map(entries)
        }

        mutating func list(indent: Int) throws -> Node {
            var items: [Node] = []
            while let line = peek, line.indent == indent, line.text == "-" || line.text.hasPrefix("- ") {
                let content = line.text == "-" ? "" : String(line.text.dropFirst(2))
                if content.isEmpty {
                    position += 1
                    if let next = peek, next.indent > indent {
                        items.append(try block(indent: next.indent))
                    } else {
                        items.append(.string(""))
                    }
                } else if Self.isMapEntry(content) {
                    // Re-read the item's first entry as if it stood on its own line.
                    lines[position] = (line.number, indent + 2, content)
                    items.append(try map(indent: indent + 2))
                } else {
                    position += 1
                    items.append(try Self.scalar(content, line: line.number))
                }
            }
            return .list(items)
        }

        static func isMapEntry(_ text: String) -> Bool {
            guard !text.hasPrefix("\"") else { return false }
            return text.hasSuffix(":") || colonSpace(in: text) != nil
        }

        static func splitKey(_ text: String, line: Int) throws -> (String, String?) {
            if let colon = colonSpace(in: text) {
                let value = text.utf8.index(colon, offsetBy: 2)
                return (String(text[..<colon]), String(text[value...]))
            }
            if text.hasSuffix(":") { return (String(text.dropLast()), nil) }
            throw ParseError(line: line, reason: "expected \"key: value\"")
        }

        /// Where the first `": "` starts, found byte by byte.
        static func colonSpace(in text: String) -> String.Index? {
            let bytes = text.utf8
            var index = bytes.startIndex
            while index != bytes.endIndex {
                if bytes[index] == UInt8(ascii: ":") {
                    let next = bytes.index(after: index)
                    if next != bytes.endIndex && bytes[next] == UInt8(ascii: " ") { return index }
                }
                bytes.formIndex(after: &index)
            }
            return nil
        }

        static func scalar(_ text: String, line: Int) throws -> Node {
            switch text {
            case "[]": return .list([])
            case "{}": return .map([])
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: break
            }
            if text.hasPrefix("\"") { return .string(try unquote(text, line: line)) }
            if let int = Int(text) { return .int(int) }
            return .string(text)
        }

        static func unquote(_ text: String, line: Int) throws -> String {
            var scalars = Array(text.unicodeScalars.dropFirst())
            guard scalars.last == "\"" else { throw ParseError(line: line, reason: "unterminated string") }
            scalars.removeLast()
            var out = String.UnicodeScalarView()
            var index = 0
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                guard scalar == "\\" else {
                    out.append(scalar)
                    continue
                }
                guard index < scalars.count else { throw ParseError(line: line, reason: "dangling escape") }
                let escaped = scalars[index]
                index += 1
                switch escaped {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "\"", "\\", "/": out.append(escaped)
                case "u":
                    guard index + 4 <= scalars.count,
                        let value = UInt32(String(String.UnicodeScalarView(scalars[index..<index + 4])), radix: 16),
                        let decoded = Unicode.Scalar(value)
                    else { throw ParseError(line: line, reason: "bad \\u escape") }
                    out.append(decoded)
                    index += 4
                default:
                    throw ParseError(line: line, reason: "unknown escape \\\(escaped)")
                }
            }
            return String(out)
        }
    }
}

extension NoteYAML {
    /// `parse`, with syntax errors reported as `StatusNoteError`.
    static func parseNote(_ text: String) throws -> Node {
        do {
            return try parse(text)
        } catch let error as ParseError {
            throw StatusNoteError.syntax(error.description)
        }
    }
}
