import ArgumentParser

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
            MigsyncCommand.exit(withError: error)
        }
    }
}
