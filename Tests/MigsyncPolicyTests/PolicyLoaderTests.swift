import Foundation
import MigsyncPolicy
import Testing

/// Policy files with mistakes give findings at the place to fix, as `path:line:col: error:`.
@Suite("Policy loading")
struct PolicyLoaderTests {
    static let invalidFiles: [(file: String, findings: [String])] = [
        (
            "invalid-unknown-fields.yaml",
            [
                "policies/invalid-unknown-fields.yaml:7:5: error: unknown field \"kind\" in spec.match (expected one of: kinds, runTypes, namespaces, plans, sourceClusters, destinationClusters, expression)",
                "policies/invalid-unknown-fields.yaml:8:25: error: unknown run type \"final\" (expected one of: stage, cutover, rollback, migrateState)",
                "policies/invalid-unknown-fields.yaml:10:5: error: unknown field \"approval\" in spec.requirements (expected one of: approvals, window, stagedWithin, maxConcurrentRuns, requiredFields, deny)",
                "policies/invalid-unknown-fields.yaml:12:5: error: spec.requirements.maxConcurrentRuns must be a positive integer",
            ]
        ),
        (
            "invalid-expression-inline.yaml",
            [
                "policies/invalid-expression-inline.yaml:7:38: error: CEL syntax error in spec.match.expression: unexpected '&&'"
            ]
        ),
        (
            "invalid-expression-block.yaml",
            [
                "policies/invalid-expression-block.yaml:9:33: error: CEL syntax error in spec.match.expression: unexpected ')'"
            ]
        ),
        (
            "invalid-expression-folded.yaml",
            [
                "policies/invalid-expression-folded.yaml:10:37: error: CEL syntax error in spec.match.expression: unexpected character '='"
            ]
        ),
        (
            "invalid-expression-quoted.yaml",
            [
                "policies/invalid-expression-quoted.yaml:7:40: error: CEL syntax error in spec.match.expression: unexpected character '@'"
            ]
        ),
        (
            "invalid-window.yaml",
            [
                "policies/invalid-window.yaml:7:5: error: spec.requirements.stagedWithin: invalid duration \"1 day\" (use Go syntax, e.g. 24h, 1h30m)",
                "policies/invalid-window.yaml:9:7: error: unknown time zone \"Europe/Berlinn\" (use an IANA name such as Europe/Berlin)",
                "policies/invalid-window.yaml:20:23: error: unknown day \"Funday\" (expected Mon, Tue, ..., Sun)",
                "policies/invalid-window.yaml:21:11: error: spec.requirements.window.allow[0].start: invalid time \"25:00\" (expected HH:MM)",
                "policies/invalid-window.yaml:25:11: error: until must be after from",
                "policies/invalid-window.yaml:26:11: error: spec.requirements.window.deny[1].from: invalid time \"next week\" (expected RFC 3339 such as 2025-12-20T18:00:00+01:00, or a date 2025-12-20)",
            ]
        ),
        (
            "invalid-kinds.yaml",
            [
                "policies/invalid-kinds.yaml:8:3: error: approvals, window, stagedWithin and maxConcurrentRuns only apply to runs; add MigMigration to spec.match.kinds",
                "policies/invalid-kinds.yaml:17:5: error: spec.match.kinds is empty, so the policy matches nothing",
            ]
        ),
        (
            "invalid-header.yaml",
            [
                "policies/invalid-header.yaml:1:1: error: apiVersion must be migsync.io/v1alpha1, not \"migsync.io/v1\"",
                "policies/invalid-header.yaml:2:1: error: kind must be Policy, not \"Polcy\"",
                "policies/invalid-header.yaml:3:1: error: metadata.name is required",
                "policies/invalid-header.yaml:4:1: error: spec.requirements is required (a policy without requirements has no effect)",
            ]
        ),
    ]

    @Test("an invalid policy file gives findings at the place to fix", arguments: invalidFiles)
    func invalid(_ file: String, _ expected: [String]) throws {
        let source = PolicySource(path: "policies/\(file)", contents: try Fixtures.text("policies/\(file)"))
        let set = PolicySet.load([source])
        #expect(set.findings.map(\.description) == expected)
        #expect(set.policies.isEmpty)
    }

    @Test("a valid file with several documents loads every policy in order")
    func multipleDocuments() throws {
        let source = PolicySource(
            path: "policies/valid-expression.yaml", contents: try Fixtures.text("policies/valid-expression.yaml"))
        let set = PolicySet.load([source])
        #expect(set.findings.isEmpty)
        #expect(
            set.policies.map(\.reference) == [
                "policies/valid-expression.yaml#ticket-for-tier-1",
                "policies/valid-expression.yaml#one-run-at-a-time",
                "policies/valid-expression.yaml#broken-expression",
            ])
        #expect(set.policies.map(\.line) == [2, 16, 27])
    }

    @Test("a policy name used twice is reported at the second one")
    func duplicateNames() throws {
        let text = try Fixtures.text("policies/valid-expression.yaml")
        let set = PolicySet.load([
            PolicySource(path: "policies/a.yaml", contents: text),
            PolicySource(path: "policies/b.yaml", contents: text),
        ])
        #expect(set.policies.count == 3)
        #expect(
            set.findings.map(\.description) == [
                "policies/b.yaml:5:3: error: policy name \"ticket-for-tier-1\" is already used in policies/a.yaml",
                "policies/b.yaml:19:3: error: policy name \"one-run-at-a-time\" is already used in policies/a.yaml",
                "policies/b.yaml:30:3: error: policy name \"broken-expression\" is already used in policies/a.yaml",
            ])
    }

    @Test("a YAML syntax error is a finding for the whole file")
    func yamlSyntax() {
        let set = PolicySet.load([PolicySource(path: "policies/broken.yaml", contents: "spec: [unclosed\n")])
        #expect(set.findings.count == 1)
        #expect(set.findings.first?.description.hasPrefix("policies/broken.yaml:") == true)
    }
}
