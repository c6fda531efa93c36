import ArgumentParser
import Foundation

/// Runs the `migsync` command line.
///
/// `main.swift` calls this instead of `MigsyncCommand.main()`: outside an `@main` type,
/// argument-parser cannot tell that the root command is asynchronous, so the parsed
/// subcommand is awaited here explicitly.
public enum MigsyncEntryPoint {
    public static func run(arguments: [String]? = nil) async {
        do {
            var command = try MigsyncCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // Usage errors exit 2 (kubectl/flux habit, and what `migsync validate` documents)
            // rather than argument-parser's EX_USAGE (64).
            if MigsyncCommand.exitCode(for: error).rawValue == 64 {
                FileHandle.standardError.write(Data((MigsyncCommand.fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            MigsyncCommand.exit(withError: error)
        }
    }
}
