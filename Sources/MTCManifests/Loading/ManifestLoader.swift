import Dispatch
import Foundation
import KubeObjects

/// Loads a repository's manifests, re-parsing only files whose content changed.
///
/// Parsed documents are cached by blob id, so after a new commit only the changed blobs are
/// parsed again (`parseCount` proves it). Files are read one at a time, because a source may
/// wrap a handle that is not thread-safe (a libgit2 repository), and parsed on all cores.
public final class ManifestLoader: @unchecked Sendable {
    public let limits: LoadLimits
    private let lock = NSLock()
    private var cache: [String: ParsedBlob] = [:]
    private var lastParseCount = 0
    private var cumulativeParseCount = 0

    public init(limits: LoadLimits = .default) {
        self.limits = limits
    }

    /// Blobs parsed by the most recent `load`.
    public var parseCount: Int { lock.withLock { lastParseCount } }
    /// Blobs parsed since this loader was created.
    public var totalParseCount: Int { lock.withLock { cumulativeParseCount } }

    /// Loads every manifest of `source`. Problems with single files become findings and
    /// `failedPaths`; only a failure to list the files at all throws.
    public func load(from source: any ManifestSource) throws -> ManifestSet {
        let files = try source.files()
        let parsed = parseAll(files, from: source)

        var set = ManifestSet(files: files)
        if let index = files.firstIndex(where: { $0.path == RepositorySettings.fileName }) {
            switch parsed[index] {
            case .success(let documents):
                if let first = documents.first {
                    let (settings, findings) = RepositorySettings.read(first.document, file: files[index].path)
                    set.settings = settings
                    set.loadFindings += findings
                }
            case .failure(let error):
                set.loadFindings.append(Self.finding(for: error, file: files[index].path))
                set.failedPaths.insert(files[index].path)
            }
        }

        for (file, result) in zip(files, parsed) where file.path != RepositorySettings.fileName {
            switch result {
            case .failure(let error):
                set.loadFindings.append(Self.finding(for: error, file: file.path))
                set.failedPaths.insert(file.path)
            case .success(let documents):
                for parsed in documents {
                    let document = parsed.document
                    let location = SourceLocation(file: file.path, position: document.position)
                    guard case .object(let members) = document.value else {
                        set.loadFindings.append(
                            Finding(
                                .error, "load.notObject", at: location,
                                "document \(document.index + 1) is \(Self.withArticle(document.value.typeName)), not a Kubernetes object"
                            ))
                        set.failedPaths.insert(file.path)
                        continue
                    }
                    let missing = ["apiVersion", "kind"].filter { members[$0]?.stringValue?.isEmpty ?? true }
                    if !missing.isEmpty {
                        set.loadFindings.append(
                            Finding(
                                .error, "load.notObject", at: location,
                                "document \(document.index + 1) has no \(missing.joined(separator: " or ")); it is not a Kubernetes object"
                            ))
                        set.failedPaths.insert(file.path)
                        continue
                    }
                    var object =
                        parsed.object
                        ?? ManifestObject(
                            json: document.value, file: file.path, documentIndex: document.index,
                            sourceMap: document.sourceMap)
                    object.file = file.path
                    object.blobID = file.blobID
                    set.objects.append(object)
                }
            }
        }
        return set
    }

    static func withArticle(_ typeName: String) -> String {
        ["a", "e", "i", "o", "u"].contains(typeName.prefix(1)) ? "an \(typeName)" : "a \(typeName)"
    }

    static func finding(for error: YAMLLoadError, file: String) -> Finding {
        Finding(
            .error, "load.\(error.kind.rawValue)",
            at: SourceLocation(file: file, position: error.position ?? SourcePosition(line: 1, column: 1)),
            error.message)
    }

    /// Parses what is not cached, in chunks so that at most one chunk of file contents is in
    /// memory at a time, and forgets blobs no longer listed.
    private func parseAll(_ files: [ManifestFile], from source: any ManifestSource) -> [ParsedBlob] {
        var results = [ParsedBlob?](repeating: nil, count: files.count)
        var pending: [Int] = []
        lock.withLock {
            for (index, file) in files.enumerated() {
                if let cached = cache[file.blobID] { results[index] = cached } else { pending.append(index) }
            }
        }

        let chunkSize = 512
        var parses = 0
        for chunkStart in stride(from: 0, to: pending.count, by: chunkSize) {
            let chunk = Array(pending[chunkStart..<min(chunkStart + chunkSize, pending.count)])
            var inputsRead: [Result<[UInt8], YAMLLoadError>] = []
            inputsRead.reserveCapacity(chunk.count)
            for index in chunk {
                let file = files[index]
                if let size = file.size, size > limits.maxFileBytes {
                    inputsRead.append(
                        .failure(
                            YAMLLoadError(
                                .tooLarge,
                                "file is \(size) bytes, larger than the \(limits.maxFileBytes)-byte limit for manifests"
                            )))
                    continue
                }
                do {
                    inputsRead.append(.success(try source.contents(of: file)))
                } catch {
                    inputsRead.append(.failure(YAMLLoadError(.io, "cannot read: \(error)")))
                }
            }
            let output = ParseOutput(count: chunk.count)
            let limits = self.limits
            let inputs = inputsRead
            DispatchQueue.concurrentPerform(iterations: chunk.count) { i in
                let result: ParsedBlob
                switch inputs[i] {
                case .success(let bytes):
                    do throws(YAMLLoadError) {
                        result = .success(try YAMLDocumentParser.parse(bytes, limits: limits).map(ParsedDocument.init))
                    } catch {
                        result = .failure(error)
                    }
                case .failure(let error):
                    result = .failure(error)
                }
                output.store(result, at: i)
            }
            for (offset, index) in chunk.enumerated() {
                results[index] = output.result(at: offset)
            }
            parses += chunk.count
        }

        let final = results.map { $0 ?? .failure(YAMLLoadError(.io, "not parsed")) }
        lock.withLock {
            var kept: [String: ParsedBlob] = [:]
            kept.reserveCapacity(files.count)
            for (file, result) in zip(files, final) { kept[file.blobID] = result }
            cache = kept
            lastParseCount = parses
            cumulativeParseCount += parses
        }
        return final
    }
}

/// A parsed document, with the object built from it when it is one. Built once per blob, on
/// the parsing thread, so that a reload constructs nothing for unchanged files.
struct ParsedDocument: Sendable {
    var document: YAMLDocument
    var object: ManifestObject?

    init(_ document: YAMLDocument) {
        self.document = document
        if let kind = document.value["kind"]?.stringValue, !kind.isEmpty,
            let apiVersion = document.value["apiVersion"]?.stringValue, !apiVersion.isEmpty
        {
            object = ManifestObject(
                json: document.value, file: "", documentIndex: document.index, sourceMap: document.sourceMap)
        }
    }
}

typealias ParsedBlob = Result<[ParsedDocument], YAMLLoadError>

/// Slots the parallel parse writes into, one per file; each slot is written by one
/// iteration only, and read after all iterations finished.
private final class ParseOutput: @unchecked Sendable {
    private var slots: [ParsedBlob?]
    private let lock = NSLock()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func store(_ result: ParsedBlob, at index: Int) {
        lock.withLock { slots[index] = result }
    }

    func result(at index: Int) -> ParsedBlob {
        lock.withLock { slots[index] } ?? .failure(YAMLLoadError(.io, "not parsed"))
    }
}
