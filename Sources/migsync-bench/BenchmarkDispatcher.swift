import Foundation

/// A named benchmark `migsync-bench` can run.
struct Benchmark: Sendable {
    var name: String
    var summary: String
    var run: @Sendable () async throws -> Void
    /// Left out of `all` and of the usage text (helpers other benchmarks start).
    var hidden = false
}

/// Runs the benchmark named on the command line, or all of them for `all`.
enum BenchmarkDispatcher {
    static func main(_ benchmarks: [Benchmark]) async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count == 1, let choice = arguments.first else {
            usage(benchmarks)
            exit(2)
        }
        let selected = choice == "all" ? benchmarks.filter { !$0.hidden } : benchmarks.filter { $0.name == choice }
        guard !selected.isEmpty else {
            usage(benchmarks)
            exit(2)
        }
        for benchmark in selected {
            if !benchmark.hidden { print("== \(benchmark.name): \(benchmark.summary)") }
            do {
                try await benchmark.run()
            } catch {
                FileHandle.standardError.write(Data("benchmark \(benchmark.name) failed: \(error)\n".utf8))
                exit(1)
            }
        }
    }

    private static func usage(_ benchmarks: [Benchmark]) {
        var text = "usage: migsync-bench <benchmark|all>\n"
        for benchmark in benchmarks where !benchmark.hidden { text += "  \(benchmark.name)  \(benchmark.summary)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Helpers every benchmark uses: medians, peak memory, results files.
enum BenchmarkSupport {
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Seconds taken by `body`.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Peak resident set size of this process so far, in MiB.
    static func peakRSSMiB() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(Linux)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
        #else
        return Double(usage.ru_maxrss) / 1_048_576  // bytes on Darwin
        #endif
    }

    /// Resident set size of this process now, in MiB (Linux; `nil` elsewhere). Compared
    /// between two points of a run, it shows memory a long-running process keeps gaining.
    static func currentRSSMiB() -> Double? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return nil }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// The 1-minute load average, recorded with results because a busy machine skews them.
    static func loadAverage() -> Double {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? loads[0] : -1
    }

    /// Writes `json` to `benchmarks/results/<name>.json` in the package root.
    static func writeResults(_ name: String, _ json: [String: Any]) throws -> String {
        let directory = packageRoot() + "/benchmarks/results"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/\(name).json"
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The package root: the current directory when it holds `Package.swift`, else the
    /// checkout this file was built from.
    static func packageRoot() -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if FileManager.default.fileExists(atPath: cwd + "/Package.swift") { return cwd }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// Runs a command and returns its standard output; throws when it fails.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError(
                "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
