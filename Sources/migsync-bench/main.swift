// Benchmarks (not tests): `migsync-bench <name|all>`. Each benchmark adds one line below.
let benchmarks: [Benchmark] = [
    Benchmark(
        name: "manifests", summary: "load + validate 10,000 manifests; reload after one change; vs PyYAML C loader",
        run: ManifestsBenchmark.run),
    Benchmark(
        name: "client", summary: "list 10,000 MigPlans vs Python kubernetes client; 2,000 get+update round trips",
        run: { try await ClientBenchmark.run() }),
]

await BenchmarkDispatcher.main(benchmarks)
