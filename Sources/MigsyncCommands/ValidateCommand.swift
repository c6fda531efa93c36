import ArgumentParser
import Foundation
import MTCManifests
import MigsyncPolicy

/// `migsync validate [PATH] [--policies DIR] [--output text|json]`: loads every manifest under
/// PATH and checks it the way the API server and mig-controller would, and loads the policies
/// under PATH/DIR the way the daemon would.
///
/// Exit status: 0 when there is no error (warnings allowed), 1 when there is at least one
/// error, 2 when PATH cannot be read or the command line is wrong.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a repository of MTC manifests.",
        discussion: """
            Reads every *.yaml / *.yml file under PATH (multi-document files allowed) and \
            reports each problem as `file:line:column: error|warning: message`. Policy files \
            in the policy folder (--policies, else `policies` in migsync.yaml, else \
            `policies`) are loaded as the daemon loads them; each policy finding is an error, \
            since the daemon starts no run while a policy file has errors. Exit status: \
            0 valid (warnings allowed), 1 errors found, 2 usage or I/O problem.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The repository or folder to validate.")
    var path: String = "."

    @Option(
        name: .customLong("policies"),
        help: "Policy folder, relative to PATH (default: the policies setting of migsync.yaml, else policies).")
    var policies: String?

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    func run() async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            Self.printError("migsync validate: \(path) is not a readable directory")
            throw ExitCode(2)
        }
        var manifests: ManifestSet
        let policyCheck: PolicyCheck
        do {
            manifests = try ManifestLoader().load(from: DirectorySource(root: path))
            if let policies { manifests.settings.policyFolder = PolicyCheck.normalized(policies) }
            policyCheck = try PolicyCheck.run(root: path, folder: manifests.settings.policyFolder, manifests: manifests)
        } catch {
            Self.printError("migsync validate: \(error)")
            throw ExitCode(2)
        }
        let findings = (Validator().validate(manifests) + policyCheck.findings).sorted().map(relocated)
        let report = ValidationReport(manifests: manifests, policies: policyCheck.policies, findings: findings)
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

/// The policy files of the validated folder, loaded with the daemon's own loader.
struct PolicyCheck {
    /// Policies that loaded without findings.
    var policies = 0
    /// One error per policy finding, at its `path:line:col`.
    var findings: [Finding] = []

    /// `policies/` → `policies`, `./policies` → `policies`.
    static func normalized(_ folder: String) -> String {
        var result = folder
        while result.hasPrefix("./") { result.removeFirst(2) }
        while result.count > 1 && result.hasSuffix("/") { result.removeLast() }
        return result
    }

    /// Loads every `*.yaml` / `*.yml` under `root/folder` (no folder: no policies).
    ///
    /// A file the manifest loader could not read is left out: its error is already reported,
    /// and the policy loader would only repeat it.
    static func run(root: String, folder: String, manifests: ManifestSet) throws -> PolicyCheck {
        let base = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        let full = folder.isEmpty || folder == "." ? base : base + "/" + folder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), isDirectory.boolValue else {
            return PolicyCheck()
        }
        let source = DirectorySource(root: full)
        var sources: [PolicySource] = []
        for file in try source.files() {
            let path = folder.isEmpty || folder == "." ? file.path : folder + "/" + file.path
            if manifests.failedPaths.contains(path) { continue }
            sources.append(
                PolicySource(path: path, contents: String(decoding: try source.contents(of: file), as: UTF8.self)))
        }
        let set = PolicySet.load(sources)
        return PolicyCheck(
            policies: set.policies.count,
            findings: set.findings.map { Finding(.error, "policy.invalid", at: $0.location, $0.message) })
    }
}

/// What `migsync validate` prints.
struct ValidationReport: Encodable {
    var valid: Bool
    var files: Int
    var objects: Int
    var policies: Int
    var errors: Int
    var warnings: Int
    var findings: [Finding]

    init(manifests: ManifestSet, policies: Int = 0, findings: [Finding]) {
        self.findings = findings
        files = manifests.files.count
        objects = manifests.objects.count
        self.policies = policies
        errors = findings.filter { $0.severity == .error }.count
        warnings = findings.count - errors
        valid = errors == 0
    }

    var text: String {
        var out = findings.map { $0.description + "\n" }.joined()
        let plural = { (n: Int, word: String) in "\(n) \(word)\(n == 1 ? "" : "s")" }
        var counted = [plural(files, "file"), plural(objects, "object")]
        if policies > 0 { counted.append("\(policies) \(policies == 1 ? "policy" : "policies")") }
        out += "\(counted.joined(separator: ", ")): \(plural(errors, "error")), \(plural(warnings, "warning"))\n"
        return out
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
