import ArgumentParser
import Foundation
import MTCManifests

/// `migsync validate [PATH] [--output text|json]`: loads every manifest under PATH and checks
/// it the way the API server and mig-controller would.
///
/// Exit status: 0 when there is no error (warnings allowed), 1 when there is at least one
/// error, 2 when PATH cannot be read or the command line is wrong.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a repository of MTC manifests.",
        discussion: """
            Reads every *.yaml / *.yml file under PATH (multi-document files allowed) and \
            reports each problem as `file:line:column: error|warning: message`. Exit status: \
            0 valid (warnings allowed), 1 errors found, 2 usage or I/O problem.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The repository or folder to validate.")
    var path: String = "."

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            Self.printError("migsync validate: \(path) is not a readable directory")
            throw ExitCode(2)
        }
        let manifests: ManifestSet
        do {
            manifests = try ManifestLoader().load(from: DirectorySource(root: path))
        } catch {
            Self.printError("migsync validate: \(error)")
            throw ExitCode(2)
        }
        let findings = Validator().validate(manifests).map(relocated)
        let report = ValidationReport(manifests: manifests, findings: findings)
        switch output {
        case .text: print(report.text, terminator: "")
        case .json: print(try report.json())
        }
        if report.errors > 0 { throw ExitCode(1) }
    }

    /// Findings name files relative to the validated folder; printed, they are relative to
    /// where the command ran, so editors and CI annotations can open them.
    private func relocated(_ finding: Finding) -> Finding {
        var prefix = path
        while prefix.count > 1 && prefix.hasSuffix("/") { prefix.removeLast() }
        guard prefix != "." else { return finding }
        var copy = finding
        copy.location.file = prefix + "/" + finding.location.file
        return copy
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// What `migsync validate` prints.
struct ValidationReport: Encodable {
    var valid: Bool
    var files: Int
    var objects: Int
    var errors: Int
    var warnings: Int
    var findings: [Finding]

    init(manifests: ManifestSet, findings: [Finding]) {
        self.findings = findings
        files = manifests.files.count
        objects = manifests.objects.count
        errors = findings.filter { $0.severity == .error }.count
        warnings = findings.count - errors
        valid = errors == 0
    }

    var text: String {
        var out = findings.map { $0.description + "\n" }.joined()
        let plural = { (n: Int, word: String) in "\(n) \(word)\(n == 1 ? "" : "s")" }
        out +=
            "\(plural(files, "file")), \(plural(objects, "object")): \(plural(errors, "error")), \(plural(warnings, "warning"))\n"
        return out
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
