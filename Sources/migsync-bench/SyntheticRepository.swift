import Foundation

/// Writes a GitOps repository of MTC manifests shaped like a large real one: a few clusters
/// and repositories, some hooks, and many plans each with a stage and a cutover run.
enum SyntheticRepository {
    static let clusters = 10
    static let storages = 10
    static let hooks = 80

    /// Writes `files` manifests under `root` and returns their relative paths.
    static func write(files: Int, to root: String) throws -> [String] {
        let fixed = clusters + storages + hooks
        let plans = (files - fixed) / 3
        let runs = files - fixed - plans
        var written: [String] = []
        func put(_ relative: String, _ text: String) throws {
            let full = root + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: false, encoding: .utf8)
            written.append(relative)
        }
        for i in 0..<clusters { try put(String(format: "clusters/cluster-%02d.yaml", i), cluster(i)) }
        for i in 0..<storages { try put(String(format: "storage/repo-%02d.yaml", i), storage(i)) }
        for i in 0..<hooks { try put(String(format: "hooks/hook-%03d.yaml", i), hook(i)) }
        for i in 0..<plans { try put(String(format: "plans/plan-%05d.yaml", i), plan(i)) }
        for i in 0..<runs {
            let planIndex = i / 2
            let stage = i % 2 == 0
            try put(
                String(format: "migrations/plan-%05d-%@.yaml", planIndex, stage ? "stage" : "cutover"),
                migration(planIndex, stage: stage))
        }
        return written.sorted()
    }

    /// Commits everything with the system git, as a repository under review would be.
    static func commit(_ root: String) throws {
        let git = "/usr/bin/git"
        try BenchmarkSupport.run(git, ["init", "-q", "-b", "main"], in: root)
        try BenchmarkSupport.run(git, ["add", "-A"], in: root)
        try BenchmarkSupport.run(
            git,
            [
                "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m",
                "synthetic manifests",
            ],
            in: root)
    }

    /// Commits every change in the working tree.
    static func commitChange(_ root: String, message: String) throws {
        try BenchmarkSupport.run(
            "/usr/bin/git",
            ["-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-am", message],
            in: root)
    }

    /// Rewrites one file with a new annotation value, changing its content and size.
    static func touch(_ path: String, revision: Int) throws {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text += "# revision \(revision) \(String(repeating: "x", count: revision + 1))\n"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    static func cluster(_ i: Int) -> String {
        """
        # Source cluster \(i), reached with a service-account token.
        apiVersion: migration.openshift.io/v1alpha1
        kind: MigCluster
        metadata:
          name: cluster-\(i)
          namespace: openshift-migration
          labels:
            app.kubernetes.io/part-of: migrations
        spec:
          isHostCluster: false
          url: https://api.cluster-\(i).example.com:6443
          serviceAccountSecretRef:
            name: cluster-\(i)-token
            namespace: openshift-config
          insecure: false
          exposedRegistryPath: registry.apps.cluster-\(i).example.com

        """
    }

    static func storage(_ i: Int) -> String {
        """
        apiVersion: migration.openshift.io/v1alpha1
        kind: MigStorage
        metadata:
          name: repo-\(i)
          namespace: openshift-migration
        spec:
          backupStorageProvider: aws
          backupStorageConfig:
            awsBucketName: mtc-replication-\(i)
            awsRegion: us-east-1
            awsS3Url: https://minio-\(i).storage.example.com
            credsSecretRef:
              name: repo-\(i)-creds
              namespace: openshift-config
          volumeSnapshotProvider: aws
          volumeSnapshotConfig:
            awsRegion: us-east-1
            credsSecretRef:
              name: repo-\(i)-creds
              namespace: openshift-config

        """
    }

    static func hook(_ i: Int) -> String {
        """
        apiVersion: migration.openshift.io/v1alpha1
        kind: MigHook
        metadata:
          name: hook-\(i)
          namespace: openshift-migration
        spec:
          custom: false
          image: quay.io/konveyor/hook-runner:latest
          targetCluster: \(i % 2 == 0 ? "source" : "destination")
          activeDeadlineSeconds: 600
          playbook: LSBob3N0czogbG9jYWxob3N0CiAgZ2F0aGVyX2ZhY3RzOiBmYWxzZQogIHRhc2tzOgogIC0gZGVidWc6IHttc2c6IGhvb2sgXCg=

        """
    }

    static func plan(_ i: Int) -> String {
        let withHook = i % 4 == 0
        var text = """
            # Plan \(i): application app-\(i) and its database.
            apiVersion: migration.openshift.io/v1alpha1
            kind: MigPlan
            metadata:
              name: plan-\(i)
              namespace: openshift-migration
              labels:
                team: team-\(i % 50)
              annotations:
                migsync.io/owner: "team-\(i % 50)@example.com"
            spec:
              srcMigClusterRef: {name: cluster-\(i % clusters), namespace: openshift-migration}
              destMigClusterRef: {name: host, namespace: openshift-migration}
              migStorageRef: {name: repo-\(i % storages), namespace: openshift-migration}
              indirectImageMigration: false
              indirectVolumeMigration: \(i % 3 == 0 ? "true" : "false")
              namespaces:
              - app-\(i)
              - app-\(i)-db:app-\(i)-data

            """
        if withHook {
            text += """
                  hooks:
                  - phase: PostRestore
                    executionNamespace: openshift-migration
                    serviceAccount: migration-controller
                    reference: {name: hook-\(i % hooks), namespace: openshift-migration}

                """
        }
        return text
    }

    static func migration(_ plan: Int, stage: Bool) -> String {
        """
        apiVersion: migration.openshift.io/v1alpha1
        kind: MigMigration
        metadata:
          name: plan-\(plan)-\(stage ? "stage-1" : "cutover")
          namespace: openshift-migration
          annotations:
            migsync.io/requested-by: "team-\(plan % 50)@example.com"
        spec:
          migPlanRef: {name: plan-\(plan), namespace: openshift-migration}
          stage: \(stage)
          quiescePods: \(!stage)
          verify: \(!stage)

        """
    }
}
