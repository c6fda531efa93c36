// Benchmarks (not tests): `migsync-bench <name|all>`. Each benchmark adds one line below.
let benchmarks: [Benchmark] = [
    Benchmark(
        name: "manifests", summary: "load + validate 10,000 manifests; reload after one change; vs PyYAML C loader",
        run: ManifestsBenchmark.run)
]

await BenchmarkDispatcher.main(benchmarks)
