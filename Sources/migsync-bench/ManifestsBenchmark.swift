import Foundation
import MTCManifests
import MigsyncGit

/// Loads and validates a synthetic repository of 10,000 MTC manifests, reloads it after one
/// file changed, and compares the full load with PyYAML's C loader parsing the same files.
///
/// Targets (issue 2): full load ≤ 1.0× PyYAML C; one-file reload < 20 ms; peak RSS < 150 MB.
enum ManifestsBenchmark {
    static let fileCount = 10_000
    static let runs = 5

    @Sendable static func run() async throws {
        let root = FileManager.default.temporaryDirectory.path + "/migsync-bench-manifests-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let paths = try SyntheticRepository.write(files: fileCount, to: root)
        try SyntheticRepository.commit(root)
        let bytes = paths.reduce(0) {
            $0 + ((try? FileManager.default.attributesOfItem(atPath: root + "/" + $1)[.size] as? Int) ?? 0)
        }
        print("repository: \(paths.count) files, \(bytes / 1024) KiB, committed with git")

        let repository = try GitRepository.open(path: root)
        let head = try repository.resolve("HEAD")
        let source = GitCommitSource(repository: repository, commit: head)

        // Full load + validate from the commit with a cold loader, and parse-only for a
        // like-for-like comparison with PyYAML (which only parses).
        var full: [Double] = []
        var parseOnly: [Double] = []
        var objects = 0
        var findings = 0
        for _ in 0..<runs {
            full.append(
                try BenchmarkSupport.time {
                    let set = try ManifestLoader().load(from: source)
                    let result = Validator().validate(set)
                    objects = set.objects.count
                    findings = result.count
                })
            parseOnly.append(try BenchmarkSupport.time { _ = try ManifestLoader().load(from: source) })
        }
        guard objects == fileCount else { throw BenchmarkError("loaded \(objects) objects, expected \(fileCount)") }
        guard findings == 0 else { throw BenchmarkError("synthetic repository has \(findings) findings") }
        let rssAfterFullLoads = BenchmarkSupport.peakRSSMiB()

        // Reload a new commit that changed one file, with a warm loader and validator.
        let loader = ManifestLoader()
        let validator = Validator()
        _ = validator.validate(try loader.load(from: source))
        var reload: [Double] = []
        var listing: [Double] = []
        var validating: [Double] = []
        let changed = paths[paths.count / 2]
        var previous = source
        var lastReload: (source: GitCommitSource, findings: [Finding], objects: Int)?
        for run in 0..<runs {
            try SyntheticRepository.touch(root + "/" + changed, revision: run)
            try SyntheticRepository.commitChange(root, message: "change \(changed) (\(run))")
            let next = GitCommitSource(repository: repository, commit: try repository.resolve("HEAD"))
            // Nothing here holds the previous set: the loader can update it in place.
            var set = ManifestSet()
            var findings: [Finding] = []
            var validation = 0.0
            reload.append(
                try BenchmarkSupport.time {
                    set = try loader.load(from: next)
                    validation = BenchmarkSupport.time { findings = validator.validate(set) }
                })
            validating.append(validation)
            guard loader.parseCount == 1, validator.checkedCount == 1, loader.lastLoadWasIncremental,
                validator.lastValidationWasIncremental
            else {
                throw BenchmarkError(
                    "reload parsed \(loader.parseCount) blobs and checked \(validator.checkedCount) objects, expected 1, incrementally"
                )
            }
            // Where the time goes: the tree-to-tree diff (the rest is loading and validation).
            listing.append(try BenchmarkSupport.time { _ = try next.changes(since: previous) })
            previous = next
            lastReload = (next, findings, set.objects.count)
            set = ManifestSet()
        }
        let rss = BenchmarkSupport.peakRSSMiB()
        // The incremental result must be what a fresh loader and validator give (checked after
        // the memory figure is taken: it holds a second copy of everything).
        if let (source, findings, count) = lastReload {
            let fresh = try ManifestLoader().load(from: source)
            guard Validator().validate(fresh) == findings, fresh.objects.count == count else {
                throw BenchmarkError("incremental reload differs from a full load and validation")
            }
        }

        let python = try PyYAMLBaseline.measure(root: root, paths: paths, runs: runs)

        let fullMedian = BenchmarkSupport.median(full)
        let parseMedian = BenchmarkSupport.median(parseOnly)
        let reloadMedian = BenchmarkSupport.median(reload)
        let ratio = fullMedian / python
        let parseRatio = parseMedian / python
        func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
        print("full load + validate (median of \(runs)): \(ms(fullMedian))  [target ≤ 1.0× PyYAML]")
        print("parse only (median of \(runs)):          \(ms(parseMedian))")
        print("PyYAML CSafeLoader parse (median of \(runs)): \(ms(python))")
        print(String(format: "ratio full/PyYAML: %.2f×   parse/PyYAML: %.2f×", ratio, parseRatio))
        print("one-file reload (median of \(runs)):      \(ms(reloadMedian))  [target < 20 ms], parseCount 1")
        print(
            "  of which: tree diff \(ms(BenchmarkSupport.median(listing))), validation \(ms(BenchmarkSupport.median(validating)))"
        )
        print(
            String(
                format: "peak RSS: %.1f MiB  [target < 150 MB] (%.1f MiB after the full loads)", rss, rssAfterFullLoads)
        )
        print(
            String(
                format: "load average while measuring: %.1f on %d cores", BenchmarkSupport.loadAverage(),
                ProcessInfo.processInfo.activeProcessorCount))

        let path = try BenchmarkSupport.writeResults(
            "manifests",
            [
                "files": paths.count, "bytes": bytes, "runs": runs,
                "cores": ProcessInfo.processInfo.activeProcessorCount,
                "source": "GitCommitSource (libgit2 tree + blobs of the synthetic commit)",
                "fullLoadValidateSeconds": fullMedian, "parseOnlySeconds": parseMedian,
                "pyyamlCSafeLoaderSeconds": python,
                "ratioFullToPyYAML": ratio, "ratioParseToPyYAML": parseRatio, "reloadOneFileSeconds": reloadMedian,
                "reloadParseCount": 1, "peakRSSMiB": rss,
                "reloadTreeDiffSeconds": BenchmarkSupport.median(listing),
                "reloadValidationSeconds": BenchmarkSupport.median(validating),
                "loadAverage": BenchmarkSupport.loadAverage(),
                "targets": ["ratioFullToPyYAML": 1.0, "reloadOneFileSeconds": 0.020, "peakRSSMiB": 150],
                "met": ["ratio": ratio <= 1.0, "reload": reloadMedian < 0.020, "rss": rss < 150],
            ])
        print("results: \(path)")
    }
}

/// The same files parsed by `python3` with PyYAML's libyaml-based `CSafeLoader`.
enum PyYAMLBaseline {
    static let script = """
        import statistics, sys, time, yaml
        paths = [line.rstrip("\\n") for line in open(sys.argv[1])]
        runs = int(sys.argv[2])
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            documents = 0
            for path in paths:
                with open(path, "rb") as f:
                    for document in yaml.load_all(f.read(), Loader=yaml.CSafeLoader):
                        if document is not None:
                            documents += 1
            times.append(time.perf_counter() - start)
        print(statistics.median(times), documents)
        """

    /// Median seconds for PyYAML to read and parse every file.
    static func measure(root: String, paths: [String], runs: Int) throws -> Double {
        let scriptPath = root + "/.pyyaml-baseline.py"
        let listPath = root + "/.pyyaml-files.txt"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        try paths.map { root + "/" + $0 }.joined(separator: "\n").write(
            toFile: listPath, atomically: true, encoding: .utf8)
        let output = try BenchmarkSupport.run("/usr/bin/python3", [scriptPath, listPath, String(runs)])
        let fields = output.split(separator: " ")
        guard let seconds = fields.first.flatMap({ Double($0) }) else {
            throw BenchmarkError("unexpected python3 output: \(output)")
        }
        return seconds
    }
}
