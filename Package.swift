// swift-tools-version:6.0
import PackageDescription

/// Settings every Swift target shares: Swift 6 language mode is the tools-version default;
/// `ExistentialAny` keeps protocol-typed values visible at the use site.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "migsync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "migsync", targets: ["migsync"]),
        .executable(name: "migsync-bench", targets: ["migsync-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // MARK: C libraries (one system-library target each, imported by exactly one Swift module)
        .systemLibrary(name: "CLibgit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // MARK: Git
        .target(
            name: "MigsyncGit",
            dependencies: ["CLibgit2", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),

        // MARK: Kubernetes objects, client and the MTC emulator
        .target(name: "KubeObjects", swiftSettings: swiftSettings),
        .target(
            name: "KubernetesClient",
            dependencies: [
                "CCurl", "KubeObjects",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MTCEmulator",
            dependencies: [
                "KubeObjects", "MTCManifests",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: MTC manifests: model, loading, validation
        .target(
            name: "MTCManifests",
            dependencies: ["KubeObjects", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),

        // MARK: Reconcile core: pure diff, ordering, run decisions, status summaries
        .target(name: "MigsyncCore", dependencies: ["KubeObjects"], swiftSettings: swiftSettings),

        // MARK: Policies: the CEL subset, Policy files, the run gate
        .target(
            name: "MigsyncPolicy",
            dependencies: ["MigsyncCore", "KubeObjects", "MTCManifests", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),

        // MARK: Reconciler: the pass, status in Git, target resolution
        .target(
            name: "MigsyncReconciler",
            dependencies: [
                "MigsyncGit", "MTCManifests", "KubernetesClient", "MTCEmulator", "MigsyncCore", "MigsyncPolicy",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Command line
        .target(
            name: "MigsyncCommands",
            dependencies: [
                "MigsyncGit", "MTCManifests", "KubernetesClient", "MTCEmulator", "MigsyncCore", "MigsyncReconciler",
                "MigsyncPolicy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "migsync", dependencies: ["MigsyncCommands"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "migsync-bench",
            dependencies: [
                "MigsyncGit", "MTCManifests", "KubernetesClient", "MTCEmulator", "MigsyncTesting", "MigsyncCore",
                "MigsyncReconciler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Shared test helpers (real git daemon, smart HTTP, emulator, temp repos)
        .target(
            name: "MigsyncTesting",
            dependencies: ["MigsyncGit", "KubeObjects", "MTCEmulator"],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "MigsyncGitTests",
            dependencies: ["MigsyncGit", "MigsyncTesting"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MigsyncCoreTests",
            dependencies: ["MigsyncCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MTCManifestsTests",
            dependencies: ["MTCManifests", "MigsyncTesting"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KubernetesClientTests",
            dependencies: [
                "KubernetesClient", "MTCEmulator", "MigsyncTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MTCEmulatorTests",
            dependencies: ["MTCEmulator", "KubernetesClient", "MigsyncTesting"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MigsyncReconcilerTests",
            dependencies: [
                "MigsyncReconciler", "MigsyncTesting", "KubernetesClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MigsyncPolicyTests",
            dependencies: ["MigsyncPolicy", "MigsyncTesting"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MigsyncCLITests",
            dependencies: [
                "MigsyncCommands", "MigsyncTesting", "MigsyncCore", "KubernetesClient", "KubeObjects", "MTCManifests",
                "MigsyncGit", .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
