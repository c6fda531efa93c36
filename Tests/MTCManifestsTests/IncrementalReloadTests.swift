import Foundation
import Testing

@testable import MTCManifests

/// Files in memory that, like a Git commit following another, can say which files changed.
private struct MemorySource: ManifestSource {
    var texts: [String: String]

    func files() throws -> [ManifestFile] {
        texts.keys.sorted().map { ManifestFile(path: $0, blobID: Self.blobID(texts[$0] ?? "")) }
    }

    func contents(of file: ManifestFile) throws -> [UInt8] {
        Array((texts[file.path] ?? "").utf8)
    }

    func changes(since previous: any ManifestSource) throws -> [ManifestFileChange]? {
        guard let previous = previous as? MemorySource else { return nil }
        return Set(previous.texts.keys).union(texts.keys).sorted().compactMap { path in
            guard previous.texts[path] != texts[path] else { return nil }
            return ManifestFileChange(
                path: path, file: texts[path].map { ManifestFile(path: path, blobID: Self.blobID($0)) })
        }
    }

    /// A content id: equal texts, equal ids (FNV-1a over the bytes, and the length).
    static func blobID(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16) + "-" + String(text.utf8.count)
    }
}

/// A small deterministic generator, so a failure can be replayed.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 11 ^ state << 7
    }
}

/// Documents drawn from small pools of names, so that edits keep creating and resolving
/// duplicates, unresolved references and plan conflicts.
private enum RandomManifests {
    static func document(_ random: inout SeededGenerator) -> String {
        let ns = ["openshift-migration", "openshift-migration", "other"].randomElement(using: &random)!
        switch Int.random(in: 0..<7, using: &random) {
        case 0:
            return """
                apiVersion: migration.openshift.io/v1alpha1
                kind: MigCluster
                metadata: {name: c\(Int.random(in: 0..<4, using: &random)), namespace: \(ns)}
                spec: {isHostCluster: false, url: "https://api.example.com:6443", serviceAccountSecretRef: {name: t, namespace: openshift-config}}
                """
        case 1:
            return """
                apiVersion: migration.openshift.io/v1alpha1
                kind: MigStorage
                metadata: {name: s\(Int.random(in: 0..<3, using: &random)), namespace: openshift-migration}
                spec: {backupStorageProvider: aws, volumeSnapshotProvider: aws}
                """
        case 2, 3, 4:
            let namespaces = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                "app-\(Int.random(in: 0..<6, using: &random))"
            }
            let hook =
                Bool.random(using: &random)
                ? "\n  hooks: [{phase: PreBackup, reference: {name: h\(Int.random(in: 0..<3, using: &random)), namespace: openshift-migration}}]"
                : ""
            return """
                apiVersion: migration.openshift.io/v1alpha1
                kind: MigPlan
                metadata: {name: p\(Int.random(in: 0..<12, using: &random)), namespace: openshift-migration}
                spec:
                  srcMigClusterRef: {name: c\(Int.random(in: 0..<5, using: &random)), namespace: openshift-migration}
                  destMigClusterRef: {name: \(Bool.random(using: &random) ? "host" : "c1"), namespace: openshift-migration}
                  migStorageRef: {name: s\(Int.random(in: 0..<4, using: &random)), namespace: openshift-migration}
                  closed: \(Int.random(in: 0..<5, using: &random) == 0)
                  namespaces: [\(namespaces.joined(separator: ", "))]\(hook)
                """
        case 5:
            return """
                apiVersion: migration.openshift.io/v1alpha1
                kind: MigMigration
                metadata: {name: m\(Int.random(in: 0..<6, using: &random)), namespace: openshift-migration}
                spec: {migPlanRef: {name: p\(Int.random(in: 0..<14, using: &random)), namespace: openshift-migration}, stage: true}
                """
        default:
            return """
                apiVersion: migration.openshift.io/v1alpha1
                kind: MigHook
                metadata: {name: h\(Int.random(in: 0..<3, using: &random)), namespace: openshift-migration}
                spec: {custom: true, image: "quay.io/x/y:1", targetCluster: source}
                """
        }
    }

    static func file(_ random: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return "key: [unclosed\n"
        case 1: return "- just\n- a list\n"
        case 2, 3: return document(&random) + "\n---\n" + document(&random) + "\n"
        default: return document(&random) + "\n"
        }
    }
}

@Suite("Incremental reload")
struct IncrementalReloadTests {
    @Test("after random edits, loading and validating incrementally gives what a fresh full pass gives")
    func randomEdits() throws {
        var random = SeededGenerator(state: 20_261_204)
        var source = MemorySource(texts: [:])
        for index in 0..<40 {
            source.texts["dir\(index % 3)/f\(index).yaml"] = RandomManifests.file(&random)
        }
        let loader = ManifestLoader()
        let validator = Validator()
        _ = validator.validate(try loader.load(from: source))

        var incrementalSteps = 0
        for step in 0..<150 {
            let paths = source.texts.keys.sorted()
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let path = paths.randomElement(using: &random)!
                switch Int.random(in: 0..<6, using: &random) {
                case 0: source.texts[path] = nil
                case 1:
                    source.texts["dir\(Int.random(in: 0..<4, using: &random))/n\(step).yaml"] = RandomManifests.file(
                        &random)
                case 2:
                    // A move: same content under another name.
                    source.texts["moved/\(step)-\(path.split(separator: "/").last!)"] = source.texts[path]
                    source.texts[path] = nil
                default: source.texts[path] = RandomManifests.file(&random)
                }
            }
            let set = try loader.load(from: source)
            let findings = validator.validate(set)
            incrementalSteps += loader.lastLoadWasIncremental && validator.lastValidationWasIncremental ? 1 : 0

            let fresh = try ManifestLoader().load(from: source)
            #expect(set.files == fresh.files, "step \(step)")
            #expect(set.objects == fresh.objects, "step \(step)")
            #expect(set.loadFindings == fresh.loadFindings, "step \(step)")
            #expect(set.failedPaths == fresh.failedPaths, "step \(step)")
            let expected = Validator().validate(fresh)
            #expect(findings == expected, "step \(step)")
            if findings != expected { return }
        }
        #expect(incrementalSteps == 150)
    }

    @Test("a reload parses only the changed file and needs no listing of the others")
    func reloadParsesOneFile() throws {
        var source = MemorySource(texts: [:])
        for index in 0..<20 {
            source.texts["plans/p\(index).yaml"] = """
                apiVersion: migration.openshift.io/v1alpha1
                kind: MigPlan
                metadata: {name: p\(index), namespace: openshift-migration}
                spec:
                  srcMigClusterRef: {name: host, namespace: openshift-migration}
                  destMigClusterRef: {name: host, namespace: openshift-migration}
                  namespaces: [app-\(index)]

                """
        }
        let loader = ManifestLoader()
        let validator = Validator()
        #expect(validator.validate(try loader.load(from: source)).isEmpty)
        #expect(loader.parseCount == 20)

        // p3 now migrates p4's namespace with the same cluster: a conflict reported on p4.
        source.texts["plans/p3.yaml"] = source.texts["plans/p3.yaml"]!.replacingOccurrences(
            of: "[app-3]", with: "[app-3, app-4]")
        let findings = validator.validate(try loader.load(from: source))
        #expect(loader.parseCount == 1 && loader.lastLoadWasIncremental)
        #expect(validator.checkedCount == 1 && validator.lastValidationWasIncremental)
        #expect(findings.map(\.code) == ["plan.conflict"])
        #expect(findings.first?.location.file == "plans/p4.yaml")
    }
}
