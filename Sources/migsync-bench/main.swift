// Benchmarks (not tests): `migsync-bench <name|all>`. Each benchmark adds one line below.
let benchmarks: [Benchmark] = [
    Benchmark(
        name: "manifests", summary: "load + validate 10,000 manifests; reload after one change; vs PyYAML C loader",
        run: ManifestsBenchmark.run),
    Benchmark(
        name: "client", summary: "list 10,000 MigPlans vs Python kubernetes client; 2,000 get+update round trips",
        run: { try await ClientBenchmark.run() }),
    Benchmark(
        name: "reconcile",
        summary:
            "reconciler over 10,000 manifests via git daemon (MIGSYNC_BENCH_GIT=file: file://) and the emulator: cold, no-change, one-file passes",
        run: { try await ReconcileBenchmark.run() }),
    Benchmark(
        name: "serve-emulator", summary: "(used by reconcile) the emulator in its own process",
        run: { try await EmulatorProcess.serve() }, hidden: true),
]

await BenchmarkDispatcher.main(benchmarks)
