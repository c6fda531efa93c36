/// Splits a CEL expression into tokens.
///
/// Works on Unicode scalars so columns count what an editor shows; every error carries the
/// 1-based line and column of the offending character.
struct CELLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1

    static let keywords: Set<String> = ["true", "false", "null", "in"]
    static let reservedWords: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    ]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    static func tokens(of text: String) throws(CELError) -> [CELToken] {
        var lexer = CELLexer(text)
        var tokens: [CELToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() -> Unicode.Scalar? {
        guard index < scalars.count else { return nil }
        let scalar = scalars[index]
        index += 1
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return scalar
    }

    private func error(_ message: String, line: Int? = nil, column: Int? = nil) -> CELError {
        CELError(.parse, message, line: line ?? self.line, column: column ?? self.column)
    }

    private mutating func skipSpaceAndComments() {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
                _ = advance()
            } else if scalar == "/" && peek(1) == "/" {
                while let c = peek(), c != "\n" { _ = advance() }
            } else {
                return
            }
        }
    }

    mutating func next() throws(CELError) -> CELToken {
        skipSpaceAndComments()
        let startLine = line
        let startColumn = column
        func token(_ kind: CELToken.Kind) -> CELToken { CELToken(kind: kind, line: startLine, column: startColumn) }
        guard let scalar = peek() else { return token(.end) }

        if scalar.isDigit || (scalar == "." && (peek(1)?.isDigit ?? false)) {
            return token(try number())
        }
        if scalar.isIdentifierStart {
            // String and bytes prefixes: r, b, rb, br in either case.
            var prefix = ""
            var offset = 0
            while offset < 2, let c = peek(offset), "rRbB".unicodeScalars.contains(c) {
                prefix.unicodeScalars.append(c)
                offset += 1
            }
            if !prefix.isEmpty, let quote = peek(offset), quote == "\"" || quote == "'" {
                let lower = prefix.lowercased()
                if lower == "r" || lower == "b" || lower == "rb" || lower == "br" {
                    for _ in 0..<offset { _ = advance() }
                    let raw = lower.contains("r")
                    let isBytes = lower.contains("b")
                    let bytes = try quoted(raw: raw, bytes: isBytes)
                    if isBytes { return token(.bytes(bytes)) }
                    return token(.string(String(decoding: bytes, as: UTF8.self)))
                }
            }
            var name = ""
            while let c = peek(), c.isIdentifierContinue {
                name.unicodeScalars.append(c)
                _ = advance()
            }
            if Self.keywords.contains(name) { return token(.keyword(name)) }
            if Self.reservedWords.contains(name) { return token(.reserved(name)) }
            return token(.identifier(name))
        }
        if scalar == "\"" || scalar == "'" {
            let bytes = try quoted(raw: false, bytes: false)
            return token(.string(String(decoding: bytes, as: UTF8.self)))
        }
        let two = peek(1).map { String(scalar) + String($0) } ?? ""
        if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
            _ = advance()
            _ = advance()
            return token(.punct(two))
        }
        if "+-*/%<>!?:.,()[]{}".unicodeScalars.contains(scalar) {
            _ = advance()
            return token(.punct(String(scalar)))
        }
        throw error("unexpected character '\(scalar)'")
    }

    private mutating func number() throws(CELError) -> CELToken.Kind {
        let startLine = line
        let startColumn = column
        var text = ""
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            _ = advance()
            _ = advance()
            while let c = peek(), c.isHexDigit {
                text.unicodeScalars.append(c)
                _ = advance()
            }
            guard let value = UInt64(text, radix: 16) else {
                throw error("invalid hexadecimal literal", line: startLine, column: startColumn)
            }
            if let u = peek(), u == "u" || u == "U" {
                _ = advance()
                return .uint(value)
            }
            return .int(value)
        }
        var isDouble = false
        while let c = peek(), c.isDigit {
            text.unicodeScalars.append(c)
            _ = advance()
        }
        if peek() == ".", let d = peek(1), d.isDigit {
            isDouble = true
            text.append(".")
            _ = advance()
            while let c = peek(), c.isDigit {
                text.unicodeScalars.append(c)
                _ = advance()
            }
        }
        if let e = peek(), e == "e" || e == "E" {
            var offset = 1
            if let sign = peek(1), sign == "+" || sign == "-" { offset = 2 }
            if let d = peek(offset), d.isDigit {
                isDouble = true
                for _ in 0..<offset { text.unicodeScalars.append(advance() ?? "e") }
                while let c = peek(), c.isDigit {
                    text.unicodeScalars.append(c)
                    _ = advance()
                }
            }
        }
        if isDouble {
            if text.hasPrefix(".") { text = "0" + text }
            guard let value = Double(text) else {
                throw error("invalid floating-point literal", line: startLine, column: startColumn)
            }
            return .double(value)
        }
        guard let value = UInt64(text) else {
            throw error("integer literal out of range", line: startLine, column: startColumn)
        }
        if let u = peek(), u == "u" || u == "U" {
            _ = advance()
            return .uint(value)
        }
        return .int(value)
    }

    /// Reads a quoted literal (single, double or triple quotes) as UTF-8 bytes; `\x` and octal
    /// escapes produce raw bytes in bytes literals and code points in strings, as in CEL.
    private mutating func quoted(raw: Bool, bytes isBytes: Bool) throws(CELError) -> [UInt8] {
        let startLine = line
        let startColumn = column
        guard let quote = advance() else { throw error("unterminated string") }
        var triple = false
        if peek() == quote && peek(1) == quote {
            triple = true
            _ = advance()
            _ = advance()
        }
        var out: [UInt8] = []
        func append(_ scalar: Unicode.Scalar) { out.append(contentsOf: Array(String(scalar).utf8)) }
        while true {
            guard let c = peek() else {
                throw error("unterminated string literal", line: startLine, column: startColumn)
            }
            if c == quote {
                if !triple {
                    _ = advance()
                    return out
                }
                if peek(1) == quote && peek(2) == quote {
                    _ = advance()
                    _ = advance()
                    _ = advance()
                    return out
                }
            }
            if !triple && (c == "\n" || c == "\r") {
                throw error("newline in string literal", line: startLine, column: startColumn)
            }
            _ = advance()
            if c != "\\" || raw {
                if raw && c == "\\", let n = peek(), n == quote {
                    // A raw string still cannot contain its own quote unescaped; keep both.
                    append(c)
                    append(n)
                    _ = advance()
                    continue
                }
                append(c)
                continue
            }
            let escLine = line
            let escColumn = column - 1
            guard let e = advance() else { throw error("unterminated escape") }
            switch e {
            case "a": out.append(0x07)
            case "b": out.append(0x08)
            case "f": out.append(0x0C)
            case "n": out.append(0x0A)
            case "r": out.append(0x0D)
            case "t": out.append(0x09)
            case "v": out.append(0x0B)
            case "\\", "'", "\"", "`", "?": append(e)
            case "x", "X", "u", "U":
                let count = (e == "x" || e == "X") ? 2 : (e == "u" ? 4 : 8)
                var hex = ""
                for _ in 0..<count {
                    guard let h = peek(), h.isHexDigit else {
                        throw error("invalid escape sequence", line: escLine, column: escColumn)
                    }
                    hex.unicodeScalars.append(h)
                    _ = advance()
                }
                guard let code = UInt32(hex, radix: 16) else {
                    throw error("invalid escape sequence", line: escLine, column: escColumn)
                }
                if (e == "x" || e == "X") && isBytes {
                    out.append(UInt8(code))
                } else if (e == "u" || e == "U") && isBytes {
                    throw error("unicode escape in bytes literal", line: escLine, column: escColumn)
                } else {
                    guard let scalar = Unicode.Scalar(code) else {
                        throw error("invalid code point in escape", line: escLine, column: escColumn)
                    }
                    append(scalar)
                }
            case "0", "1", "2", "3":
                var octal = String(e)
                for _ in 0..<2 {
                    guard let o = peek(), ("0"..."7").contains(o) else {
                        throw error("invalid octal escape", line: escLine, column: escColumn)
                    }
                    octal.unicodeScalars.append(o)
                    _ = advance()
                }
                let code = UInt32(octal, radix: 8) ?? 0
                if isBytes {
                    out.append(UInt8(code))
                } else if let scalar = Unicode.Scalar(code) {
                    append(scalar)
                }
            default:
                throw error("invalid escape sequence '\\\(e)'", line: escLine, column: escColumn)
            }
        }
    }
}

extension Unicode.Scalar {
    var isDigit: Bool { ("0"..."9").contains(self) }
    var isHexDigit: Bool { isDigit || ("a"..."f").contains(self) || ("A"..."F").contains(self) }
    var isIdentifierStart: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) || self == "_" }
    var isIdentifierContinue: Bool { isIdentifierStart || isDigit }
}
