import ArgumentParser

/// `migsync emulator` (in progress).
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "emulator", abstract: "Run the embedded MTC emulator.")
    func run() async throws { throw ExitCode(2) }
}
