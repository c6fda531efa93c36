import KubeObjects
import Yams

/// One document of a (possibly multi-document) YAML file, as JSON plus where each field was.
public struct YAMLDocument: Sendable, Hashable {
    /// 0-based position of the document in its file.
    public var index: Int
    public var value: JSONValue
    /// Where the document's root node starts.
    public var position: SourcePosition
    public var sourceMap: SourceMap

    public init(index: Int, value: JSONValue, position: SourcePosition, sourceMap: SourceMap) {
        self.index = index
        self.value = value
        self.position = position
        self.sourceMap = sourceMap
    }
}

/// Reads YAML bytes into JSON documents with source positions, within `LoadLimits`.
///
/// Uses Yams' node tree (libyaml underneath) for the syntax and does the rest itself:
/// scalar typing, `<<` merge keys, alias accounting and the per-field source map. Hostile input
/// is refused before or while it is read, with the reason and, where there is one, the place.
public enum YAMLDocumentParser {
    /// Parses every document in `bytes`. Empty documents (only comments, or a bare `---`) are
    /// skipped.
    public static func parse(_ bytes: [UInt8], limits: LoadLimits = .default) throws(YAMLLoadError) -> [YAMLDocument] {
        guard bytes.count <= limits.maxFileBytes else {
            throw YAMLLoadError(
                .tooLarge,
                "file is \(bytes.count) bytes, larger than the \(limits.maxFileBytes)-byte limit for manifests")
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw YAMLLoadError(
                .binary, "file contains a NUL byte; binary files are not manifests",
                at: position(ofByte: nul, in: bytes))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(bytes)
            throw YAMLLoadError(
                .notUTF8, "file is not valid UTF-8 (byte offset \(offset))",
                at: position(ofByte: offset, in: bytes))
        }
        return try parse(text: text, limits: limits)
    }

    /// Parses every document in `text`.
    public static func parse(text: String, limits: LoadLimits = .default) throws(YAMLLoadError) -> [YAMLDocument] {
        guard text.utf8.count <= limits.maxFileBytes else {
            throw YAMLLoadError(
                .tooLarge,
                "file is \(text.utf8.count) bytes, larger than the \(limits.maxFileBytes)-byte limit for manifests")
        }
        try KeyAliasGuard.check(text)
        var documents: [YAMLDocument] = []
        do {
            // `.basic` resolves nothing by regular expression: scalar typing is done below, and
            // Yams only needs tags to compare mapping keys for duplicates.
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            var converter = NodeConverter(limits: limits)
            var index = 0
            while let root = try parser.nextRoot() {
                // Anchors are weak references the parser owns, so convert while it is alive.
                let document = try converter.document(root, index: index)
                index += 1
                if case .null = document.value { continue }
                documents.append(document)
            }
        } catch let error as YAMLLoadError {
            throw error
        } catch let error as YamlError {
            throw YAMLLoadError(yams: error)
        } catch {
            throw YAMLLoadError(.syntax, "YAML error: \(error)")
        }
        return documents
    }

    static func position(ofByte offset: Int, in bytes: [UInt8]) -> SourcePosition {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        // Columns count characters; continuation bytes of earlier characters on the line do not.
        let column = bytes[lineStart..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
        return SourcePosition(line: line, column: column)
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }
}

extension YAMLLoadError {
    /// Keeps libyaml's problem text and position, drops the echoed snippet (the finding
    /// already names the line).
    init(yams error: YamlError) {
        func text(_ context: YamlError.Context?, _ problem: String) -> String {
            guard let context else { return problem }
            return "\(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            self.init(
                .syntax, "YAML syntax error: \(text(context, problem))",
                at: SourcePosition(line: mark.line, column: mark.column))
        case .reader(let problem, _, _, _):
            self.init(.syntax, "YAML reader error: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(
                .duplicateKey,
                "duplicate key \(duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")) in a mapping",
                at: SourcePosition(line: context.mark.line, column: context.mark.column))
        default:
            self.init(.syntax, "YAML error: \(error)")
        }
    }
}
