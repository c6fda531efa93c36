import MigsyncCommands

await MigsyncEntryPoint.run()
