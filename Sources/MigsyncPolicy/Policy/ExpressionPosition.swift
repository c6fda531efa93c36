import MTCManifests

/// Where a YAML scalar's text starts, so positions inside a CEL expression can be reported
/// as positions in the policy file.
///
/// The source map records where the key is; the value starts after the colon on the same
/// line (plain or quoted) or on the next content line (a `|` or `>` block). Inside a literal
/// block each expression line is a file line; plain and quoted scalars are read as one line.
struct ExpressionPosition {
    var line: Int
    var column: Int
    var isBlock: Bool

    static func locate(in text: String, key: SourcePosition) -> ExpressionPosition {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        guard key.line >= 1, key.line <= lines.count else {
            return ExpressionPosition(line: key.line, column: key.column, isBlock: false)
        }
        let line = lines[key.line - 1]
        var index = max(0, key.column - 1)
        while index < line.count, line[index] != ":" { index += 1 }
        index += 1
        while index < line.count, line[index] == " " || line[index] == "\t" { index += 1 }
        if index < line.count, line[index] == "|" || line[index] == ">" {
            var next = key.line
            while next < lines.count,
                lines[next].allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" })
            {
                next += 1
            }
            let indent = next < lines.count ? lines[next].prefix { $0 == " " }.count : 0
            return ExpressionPosition(line: next + 1, column: indent + 1, isBlock: true)
        }
        if index < line.count, line[index] == "\"" || line[index] == "'" {
            return ExpressionPosition(line: key.line, column: index + 2, isBlock: false)
        }
        return ExpressionPosition(line: key.line, column: index + 1, isBlock: false)
    }

    /// The file position of `line:column` inside the expression (both 1-based).
    func offset(line expressionLine: Int, column expressionColumn: Int) -> SourcePosition {
        if isBlock {
            let fileLine = line + expressionLine - 1
            return SourcePosition(line: fileLine, column: column + expressionColumn - 1)
        }
        return SourcePosition(
            line: line + expressionLine - 1,
            column: expressionLine == 1 ? column + expressionColumn - 1 : expressionColumn)
    }
}
