import Foundation
import KubeObjects
import MTCManifests
import MigsyncCore
import MigsyncPolicy
import MigsyncTesting

/// Objects from `Fixtures/objects/<name>.yaml`.
enum ObjectFixtures {
    static func object(_ name: String) throws -> KubeObject {
        let documents = try YAMLDocumentParser.parse(text: try Fixtures.text("objects/\(name).yaml"))
        guard let first = documents.first else { throw FixtureError("objects/\(name).yaml is empty") }
        return KubeObject(json: first.value)
    }

    static func desired(_ name: String) throws -> DesiredObject {
        guard let desired = DesiredObject(object: try object(name), sourcePath: "migrations/\(name).yaml", commit: "c0")
        else { throw FixtureError("objects/\(name).yaml is not an MTC object") }
        return desired
    }

    static func observed(_ name: String) throws -> ObservedObject {
        guard let observed = ObservedObject(object: try object(name)) else {
            throw FixtureError("objects/\(name).yaml is not an MTC object")
        }
        return observed
    }
}

/// The shipped policy files, read from the repository's `policies/` folder.
enum ShippedPolicies {
    static func source(_ file: String) throws -> PolicySource {
        let path = RepositoryRoot.file("policies/\(file)")
        return PolicySource(path: "policies/\(file)", contents: try String(contentsOfFile: path, encoding: .utf8))
    }

    static func all() throws -> [PolicySource] {
        let directory = RepositoryRoot.file("policies")
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
            .map(source)
    }
}

/// One row of a verdict table: a run, the pass's facts and the expected answer.
struct PolicyScenario: Sendable, CustomStringConvertible {
    var name: String
    /// Fixture name of the run under `Fixtures/objects/`.
    var run: String
    /// RFC 3339 instant of the pass.
    var now: String
    var plan: String? = "plan-shop"
    var observed: [String] = []
    var approvers: [String] = []
    var trailers: [String: [String]] = [:]
    /// The requirement expected to block, or `nil` for "allowed".
    var blockedBy: String?
    /// The expected `nextOpening`, RFC 3339.
    var nextOpening: String? = nil

    var description: String { name }

    static func date(_ text: String) throws -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else { throw FixtureError("bad instant \(text)") }
        return date
    }

    func context() throws -> RunGateContext {
        let now = try Self.date(now)
        let commit = CommitFacts(
            id: "c0", author: .init(name: "Ana", email: "ana@example.com"),
            committer: .init(name: "Ana", email: "ana@example.com"), time: now.addingTimeInterval(-3600),
            message: "Request \(run)", trailers: trailers)
        return RunGateContext(
            now: now, branch: "main", plan: try plan.map(ObjectFixtures.observed),
            observedRuns: try observed.map(ObjectFixtures.observed), runCommit: commit,
            approvers: approvers.enumerated().map {
                Approval(
                    signer: $0.element, commit: "a\($0.offset)",
                    time: now.addingTimeInterval(Double(-60 * ($0.offset + 1))))
            })
    }
}
