import Dispatch
import Foundation
import KubeObjects

/// Loads a repository's manifests, re-parsing only files whose content changed.
///
/// Parsed documents are cached by blob id, so after a new commit only the changed blobs are
/// parsed again (`parseCount` proves it). When the source can say which files changed since
/// the previous load (a Git commit following the previous one), the previous set is updated
/// in place of listing and rebuilding everything, so a one-file commit costs about one file.
/// Files are read one at a time, because a source may wrap a handle that is not thread-safe
/// (a libgit2 repository), and parsed on all cores.
public final class ManifestLoader: @unchecked Sendable {
    public let limits: LoadLimits
    private let lock = NSLock()
    /// Parsed blobs by blob id, with how many listed files hold each.
    private var cache: [String: (blob: ParsedBlob, uses: Int)] = [:]
    /// The last source loaded and what it gave, the base of the next incremental load.
    private var previous: (source: any ManifestSource, set: ManifestSet)?
    private var lastParseCount = 0
    private var cumulativeParseCount = 0
    private var lastChanges: Set<String>?

    public init(limits: LoadLimits = .default) {
        self.limits = limits
    }

    /// Blobs parsed by the most recent `load`.
    public var parseCount: Int { lock.withLock { lastParseCount } }
    /// Blobs parsed since this loader was created.
    public var totalParseCount: Int { lock.withLock { cumulativeParseCount } }
    /// Whether the most recent `load` updated the previous set from the source's list of
    /// changes instead of listing every file.
    public var lastLoadWasIncremental: Bool { lastChangedPaths != nil }
    /// The paths the most recent `load` found changed (added, edited or removed) since the
    /// load before it, when it was incremental; `nil` after a full load. Every other file's
    /// objects are the very values the previous set had.
    public var lastChangedPaths: Set<String>? { lock.withLock { lastChanges } }

    /// Loads every manifest of `source`. Problems with single files become findings and
    /// `failedPaths`; only a failure to list the files at all throws.
    public func load(from source: any ManifestSource) throws -> ManifestSet {
        // Taken out, so that when the caller no longer holds the previous set either, it is
        // updated in place rather than copied.
        var base = lock.withLock {
            defer {
                previous = nil
                lastChanges = nil
            }
            return previous
        }
        if let previousSource = base?.source, let changes = try? source.changes(since: previousSource),
            !changes.contains(where: { $0.path == RepositorySettings.fileName })
        {
            update(&base!.set, with: changes, from: source)
            let set = base!.set
            lock.withLock {
                previous = (source, set)
                lastChanges = Set(changes.map(\.path))
            }
            return set
        }
        let set = try loadAll(from: source)
        lock.withLock {
            previous = (source, set)
            lastChanges = nil
        }
        return set
    }

    private func loadAll(from source: any ManifestSource) throws -> ManifestSet {
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
            let loaded = Self.documents(of: file, result)
            set.objects += loaded.objects
            set.loadFindings += loaded.findings
            if loaded.failed { set.failedPaths.insert(file.path) }
        }
        return set
    }

    /// What one file contributes to a set: its objects, its findings, and whether it failed.
    private static func documents(of file: ManifestFile, _ result: ParsedBlob) -> (
        objects: [ManifestObject], findings: [Finding], failed: Bool
    ) {
        var objects: [ManifestObject] = []
        var findings: [Finding] = []
        var failed = false
        switch result {
        case .failure(let error):
            findings.append(Self.finding(for: error, file: file.path))
            failed = true
        case .success(let documents):
            for parsed in documents {
                let document = parsed.document
                let location = SourceLocation(file: file.path, position: document.position)
                guard case .object(let members) = document.value else {
                    findings.append(
                        Finding(
                            .error, "load.notObject", at: location,
                            "document \(document.index + 1) is \(Self.withArticle(document.value.typeName)), not a Kubernetes object"
                        ))
                    failed = true
                    continue
                }
                let missing = ["apiVersion", "kind"].filter { members[$0]?.stringValue?.isEmpty ?? true }
                if !missing.isEmpty {
                    findings.append(
                        Finding(
                            .error, "load.notObject", at: location,
                            "document \(document.index + 1) has no \(missing.joined(separator: " or ")); it is not a Kubernetes object"
                        ))
                    failed = true
                    continue
                }
                var object =
                    parsed.object
                    ?? ManifestObject(
                        json: document.value, file: file.path, documentIndex: document.index,
                        sourceMap: document.sourceMap)
                object.file = file.path
                object.blobID = file.blobID
                objects.append(object)
            }
        }
        return (objects, findings, failed)
    }

    /// `base` with the files in `changes` replaced: only their blobs are parsed (when not
    /// cached) and only their objects and findings are rebuilt. The result equals what
    /// loading every file would give.
    private func update(_ set: inout ManifestSet, with changes: [ManifestFileChange], from source: any ManifestSource) {
        if changes.isEmpty {
            lock.withLock { lastParseCount = 0 }
            return
        }
        let changes = changes.sorted { $0.path < $1.path }
        let changedPaths = Set(changes.map(\.path))

        // The file list, and which blobs it holds.
        var released: [String] = []
        var added: [ManifestFile] = []
        for change in changes {
            let index = SortedSearch.lowerBound(set.files.count) { set.files[$0].path < change.path }
            let present = index < set.files.count && set.files[index].path == change.path
            if present { released.append(set.files[index].blobID) }
            if let file = change.file {
                added.append(file)
                if present { set.files[index] = file } else { set.files.insert(file, at: index) }
            } else if present {
                set.files.remove(at: index)
            }
        }
        var toParse: [ManifestFile] = []
        var cached: [String: ParsedBlob] = [:]
        lock.withLock {
            for file in added {
                if let entry = cache[file.blobID] {
                    cached[file.blobID] = entry.blob
                } else if cached[file.blobID] == nil, !toParse.contains(where: { $0.blobID == file.blobID }) {
                    toParse.append(file)
                }
            }
        }
        let parsed = parse(toParse, from: source)
        for (file, result) in zip(toParse, parsed) { cached[file.blobID] = result }
        lock.withLock {
            for file in added {
                if let blob = cached[file.blobID] {
                    cache[file.blobID] = (blob, (cache[file.blobID]?.uses ?? 0) + 1)
                }
            }
            for blob in released {
                guard let entry = cache[blob] else { continue }
                cache[blob] = entry.uses > 1 ? (entry.blob, entry.uses - 1) : nil
            }
            lastParseCount = toParse.count
            cumulativeParseCount += toParse.count
        }

        // Objects are in file order: replace each changed file's run of objects, last first
        // so earlier positions stay valid.
        var newFindings: [Finding] = []
        for change in changes.reversed() {
            let start = SortedSearch.lowerBound(set.objects.count) { set.objects[$0].file < change.path }
            var end = start
            while end < set.objects.count && set.objects[end].file == change.path { end += 1 }
            set.failedPaths.remove(change.path)
            guard let file = change.file, let result = cached[file.blobID] else {
                set.objects.removeSubrange(start..<end)
                continue
            }
            let loaded = Self.documents(of: file, result)
            set.objects.replaceSubrange(start..<end, with: loaded.objects)
            newFindings = loaded.findings + newFindings
            if loaded.failed { set.failedPaths.insert(file.path) }
        }
        if !newFindings.isEmpty || set.loadFindings.contains(where: { changedPaths.contains($0.location.file) }) {
            // Settings findings first, then findings in file order, as a full load has them.
            let settingsCount = set.loadFindings.prefix { $0.location.file == RepositorySettings.fileName }.count
            var merged = Array(set.loadFindings.prefix(settingsCount))
            let rest = set.loadFindings.dropFirst(settingsCount).filter { !changedPaths.contains($0.location.file) }
            var i = rest.startIndex
            var j = 0
            while i < rest.endIndex || j < newFindings.count {
                if j == newFindings.count
                    || (i < rest.endIndex && rest[i].location.file < newFindings[j].location.file)
                {
                    merged.append(rest[i])
                    i += 1
                } else {
                    merged.append(newFindings[j])
                    j += 1
                }
            }
            set.loadFindings = merged
        }
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

    /// Parses what is not cached and forgets blobs no longer listed.
    private func parseAll(_ files: [ManifestFile], from source: any ManifestSource) -> [ParsedBlob] {
        var results = [ParsedBlob?](repeating: nil, count: files.count)
        var pending: [Int] = []
        lock.withLock {
            for (index, file) in files.enumerated() {
                if let cached = cache[file.blobID] { results[index] = cached.blob } else { pending.append(index) }
            }
        }
        let parsed = parse(pending.map { files[$0] }, from: source)
        for (index, result) in zip(pending, parsed) { results[index] = result }

        let final = results.map { $0 ?? .failure(YAMLLoadError(.io, "not parsed")) }
        lock.withLock {
            var kept: [String: (blob: ParsedBlob, uses: Int)] = [:]
            kept.reserveCapacity(files.count)
            for (file, result) in zip(files, final) {
                kept[file.blobID] = (result, (kept[file.blobID]?.uses ?? 0) + 1)
            }
            cache = kept
            lastParseCount = pending.count
            cumulativeParseCount += pending.count
        }
        return final
    }

    /// Parses `files`, in chunks so that at most one chunk of file contents is in memory at a
    /// time.
    private func parse(_ files: [ManifestFile], from source: any ManifestSource) -> [ParsedBlob] {
        var results: [ParsedBlob] = []
        results.reserveCapacity(files.count)
        let chunkSize = 512
        for chunkStart in stride(from: 0, to: files.count, by: chunkSize) {
            let chunk = files[chunkStart..<min(chunkStart + chunkSize, files.count)]
            var inputsRead: [Result<[UInt8], YAMLLoadError>] = []
            inputsRead.reserveCapacity(chunk.count)
            for file in chunk {
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
            for offset in 0..<chunk.count { results.append(output.result(at: offset)) }
        }
        return results
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
