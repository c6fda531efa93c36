// Benchmarks (not tests): `migsync-bench <name>`.
switch CommandLine.arguments.dropFirst().first {
case "client": try await ClientBenchmark.run()
default: print("usage: migsync-bench client")
}
