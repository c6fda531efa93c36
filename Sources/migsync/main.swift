import MigsyncCommands

await MigsyncCommand.main()
