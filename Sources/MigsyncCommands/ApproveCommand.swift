import ArgumentParser
import Foundation
import MigsyncReconciler
import Yams

/// `migsync approve`: records a signed approval of a run as a commit in the user's checkout.
///
/// The commit is made by `git` itself so that Git's own signing configuration applies
/// (`gpg.format ssh|openpgp`, `user.signingkey`, agents and hardware keys alike); migsync
/// never handles the private key.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a run with a signed commit.",
        discussion: """
            Makes an empty signed commit in the checkout that holds RUN_FILE, with the trailer \
            `Migsync-Approve: MigMigration/<namespace>/<name>`, using Git's own signing \
            configuration (git commit -S). The daemon counts it for the signer when the signature \
            verifies against its --allowed-signers file and the commit comes after the last \
            change of the run's file. Push it (or pass --push) for the daemon to see it.

            Exit status: 0 when the approval commit was made (and pushed), 1 otherwise.
            """)

    @Argument(help: "The MigMigration manifest to approve, inside a Git checkout.")
    var runFile: String

    @Flag(name: .long, help: "Push the current branch to its upstream after committing.")
    var push = false

    @Option(name: .long, help: "Extra text for the approval commit's message.")
    var message: String?

    func run() async throws {
        let path = (runFile as NSString).standardizingPath
        let run: (namespace: String, name: String)
        do {
            run = try Self.run(in: String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw ValidationError("\(runFile): \(error)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        let trailer = "MigMigration/\(run.namespace)/\(run.name)"
        var arguments = ["commit", "--quiet", "--allow-empty", "-S", "-m", "Approve \(trailer)"]
        if let message { arguments += ["-m", message] }
        arguments += ["-m", "\(RunApprovals.trailer): \(trailer)"]
        try Self.git(arguments, in: directory)
        let commit = try Self.git(["rev-parse", "HEAD"], in: directory, capture: true)
        print("approved \(trailer) in commit \(commit.prefix(12))")
        if push {
            try Self.git(["push", "--quiet"], in: directory)
            print("pushed")
        } else {
            print("push it for the daemon to count it: git push")
        }
    }

    /// Namespace and name of the one MigMigration in `text`.
    static func run(in text: String) throws -> (namespace: String, name: String) {
        var found: [(String, String)] = []
        for document in try Yams.load_all(yaml: text) {
            guard let object = document as? [String: Any], object["kind"] as? String == "MigMigration" else {
                continue
            }
            let metadata = object["metadata"] as? [String: Any] ?? [:]
            guard let name = metadata["name"] as? String else { throw ApproveError("the MigMigration has no name") }
            found.append((metadata["namespace"] as? String ?? "openshift-migration", name))
        }
        guard found.count == 1, let run = found.first else {
            throw ApproveError("expected exactly one MigMigration, found \(found.count)")
        }
        return run
    }

    @discardableResult
    static func git(_ arguments: [String], in directory: String, capture: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        if capture { process.standardOutput = output }
        try process.run()
        let data = capture ? output.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ApproveError("git \(arguments.first ?? "") failed with exit status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct ApproveError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
