import ArgumentParser

/// The `migsync` command: a GitOps reconciler for the Migration Toolkit for Containers.
public struct MigsyncCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "migsync",
        abstract: "GitOps for the Migration Toolkit for Containers (MTC).",
        discussion: """
            migsync keeps MTC resources (MigCluster, MigStorage, MigHook, MigPlan) and migration \
            run requests (MigMigration) in a Git repository, converges the MTC host cluster to it, \
            runs each requested migration exactly once, and writes what happened back to Git.
            """,
        version: MigsyncVersion.current,
        subcommands: [
            DemoCommand.self, ValidateCommand.self, ReconcileCommand.self, DiffCommand.self, StatusCommand.self,
            ApproveCommand.self, PlanCommand.self,
            RunCommand.self,
            EmulatorCommand.self,
        ]
    )

    public init() {}
}

/// The version string `migsync --version` prints.
public enum MigsyncVersion {
    public static let current = "0.1.0"
}
