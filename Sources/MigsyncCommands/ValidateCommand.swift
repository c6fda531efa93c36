import ArgumentParser

/// `migsync validate` (in progress).
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Validate a repository of MTC manifests.")
    func run() async throws { throw ExitCode(2) }
}
