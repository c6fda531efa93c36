import MTCManifests

/// Where a YAML scalar's text starts, so positions inside a CEL expression can be reported
/// as positions in the policy file.
///
/// The source map records where the key is. The value starts after the colon on the same
/// line (plain or quoted), or on the next content line for a `|` or `>` block. In a literal
/// block (`|`) each expression line is a file line. In a folded block (`>`) the lines were
/// joined with spaces, so columns are walked back across them. Plain and quoted scalars are
/// read as one line, and escapes in quoted scalars are not accounted for.
struct ExpressionPosition {
    enum Style {
        case inline
        case literal
        case folded
    }

    var line: Int
    var column: Int
    var style: Style
    /// The file's lines, for walking a folded block.
    private var lines: [[Unicode.Scalar]]

    static func locate(in text: String, key: SourcePosition) -> ExpressionPosition {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            Array($0.unicodeScalars.filter { $0 != "\r" })
        }
        guard key.line >= 1, key.line <= lines.count else {
            return ExpressionPosition(line: key.line, column: key.column, style: .inline, lines: lines)
        }
        let line = lines[key.line - 1]
        var index = max(0, key.column - 1)
        while index < line.count, line[index] != ":" { index += 1 }
        index += 1
        while index < line.count, line[index] == " " || line[index] == "\t" { index += 1 }
        if index < line.count, line[index] == "|" || line[index] == ">" {
            var next = key.line
            while next < lines.count, lines[next].allSatisfy({ $0 == " " || $0 == "\t" }) { next += 1 }
            let indent = next < lines.count ? lines[next].prefix { $0 == " " }.count : 0
            return ExpressionPosition(
                line: next + 1, column: indent + 1, style: line[index] == "|" ? .literal : .folded, lines: lines)
        }
        if index < line.count, line[index] == "\"" || line[index] == "'" {
            return ExpressionPosition(line: key.line, column: index + 2, style: .inline, lines: lines)
        }
        return ExpressionPosition(line: key.line, column: index + 1, style: .inline, lines: lines)
    }

    /// The file position of `line:column` inside the expression (both 1-based).
    func offset(line expressionLine: Int, column expressionColumn: Int) -> SourcePosition {
        switch style {
        case .literal:
            return SourcePosition(line: line + expressionLine - 1, column: column + expressionColumn - 1)
        case .folded:
            // Each folded line contributes its text plus the one space that replaced its newline.
            var remaining = expressionColumn - 1
            var fileLine = line
            while fileLine <= lines.count {
                let text = lines[fileLine - 1].dropFirst(column - 1)
                if remaining <= text.count || fileLine == lines.count {
                    return SourcePosition(line: fileLine, column: column + remaining)
                }
                remaining -= text.count + 1
                fileLine += 1
            }
            return SourcePosition(line: line, column: column + expressionColumn - 1)
        case .inline:
            return SourcePosition(
                line: line + expressionLine - 1,
                column: expressionLine == 1 ? column + expressionColumn - 1 : expressionColumn)
        }
    }
}
