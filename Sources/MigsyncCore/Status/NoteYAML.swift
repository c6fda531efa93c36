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
    static func render(_ node: Node, header: String? = nil) -> String {
        var out = header.map { "# \($0)\n" } ?? ""
        write(node, indent: 0, into: &out)
        return out
    }

    private static func write(_ node: Node, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch node {
        case .map(let entries):
            for (key, value) in entries {
                out += pad + key + ":"
                writeValue(value, indent: indent, into: &out)
            }
        case .list(let items):
            for item in items {
                switch item {
                case .map(let entries) where !entries.isEmpty:
                    // The first entry shares the dash's line; the rest align under it.
                    var nested = ""
                    write(item, indent: indent + 2, into: &nested)
                    out += pad + "- " + nested.dropFirst(indent + 2)
                default:
                    out += pad + "-"
                    writeValue(item, indent: indent, into: &out)
                }
            }
        default:
            out += pad + scalar(node) + "\n"
        }
    }

    /// Writes what follows `key:` or `-`: a scalar on the same line, or a nested block.
    private static func writeValue(_ value: Node, indent: Int, into out: inout String) {
        switch value {
        case .map(let entries) where entries.isEmpty:
            out += " {}\n"
        case .list(let items) where items.isEmpty:
            out += " []\n"
        case .map:
            out += "\n"
            write(value, indent: indent + 2, into: &out)
        case .list:
            out += "\n"
            write(value, indent: indent, into: &out)
        default:
            out += " " + scalar(value) + "\n"
        }
    }

    private static func scalar(_ node: Node) -> String {
        switch node {
        case .string(let s): return quoteIfNeeded(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .map, .list: return ""
        }
    }

    /// Plain when the text cannot be mistaken for anything else, double-quoted otherwise.
    static func quoteIfNeeded(_ text: String) -> String {
        if isPlainSafe(text) { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + hex4(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static let reservedWords: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ]

    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if reservedWords.contains(text.lowercased()) { return false }
        // Anything that starts like a number could be read back as one (ints, floats,
        // hex, dates, all-digit commit prefixes).
        if first == "-" || first == "+" || first == "." || ("0"..."9").contains(first) { return false }
        if last == ":" || last == " " || first == " " { return false }
        if text.contains(": ") || text.contains(" #") { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._/@:()=,+-".unicodeScalars)
        return text.unicodeScalars.allSatisfy(allowed.contains)
    }

    // MARK: - Reading

    /// Parses text written by `render`.
    static func parse(_ text: String) throws -> Node {
        var lines: [(number: Int, indent: Int, text: String)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            lines.append((index + 1, line.count - content.count, String(content)))
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
            return text.hasSuffix(":") || text.contains(": ")
        }

        static func splitKey(_ text: String, line: Int) throws -> (String, String?) {
            if let range = text.range(of: ": ") {
                return (String(text[..<range.lowerBound]), String(text[range.upperBound...]))
            }
            if text.hasSuffix(":") { return (String(text.dropLast()), nil) }
            throw ParseError(line: line, reason: "expected \"key: value\"")
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
