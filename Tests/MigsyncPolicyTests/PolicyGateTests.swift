import Foundation
import MigsyncCore
import MigsyncPolicy
import Testing

/// The gate over policies with expressions, cluster selectors and concurrency limits
/// (`Fixtures/policies/valid-expression.yaml`).
@Suite("Policy gate")
struct PolicyGateTests {
    static func gate() throws -> PolicyGate {
        PolicyGate(sources: [
            PolicySource(
                path: "policies/valid-expression.yaml", contents: try Fixtures.text("policies/valid-expression.yaml"))
        ])
    }

    static let scenarios: [(PolicyScenario, [String])] = [
        (
            .init(
                name: "a tier-1 cutover without a Ticket trailer is denied", run: "run-cutover",
                now: "2026-11-23T18:30:00Z", plan: "plan-shop-tier1"),
            ["ticket-for-tier-1 deny"]
        ),
        (
            .init(
                name: "a tier-1 cutover with a Ticket trailer may start", run: "run-cutover",
                now: "2026-11-23T18:30:00Z",
                plan: "plan-shop-tier1", trailers: ["Ticket": ["OPS-1234"]]),
            []
        ),
        (
            .init(
                name: "a cutover of an unlabelled plan is not matched by the expression", run: "run-cutover",
                now: "2026-11-23T18:30:00Z"),
            []
        ),
        (
            .init(
                name: "a second cutover to prod waits for the running one", run: "run-cutover",
                now: "2026-11-23T18:30:00Z",
                observed: ["observed-cutover-running", "observed-stage-succeeded"]),
            ["one-run-at-a-time maxConcurrentRuns"]
        ),
        (
            .init(
                name: "a running stage does not count against the cutover limit", run: "run-cutover",
                now: "2026-11-23T18:30:00Z", observed: ["observed-stage-running"]),
            []
        ),
        (
            .init(
                name: "the limit is on the policy's run types, so a stage run is not held", run: "run-stage",
                now: "2026-11-23T18:30:00Z", observed: ["observed-cutover-running"]),
            []
        ),
        (
            .init(
                name: "a match expression that fails applies the policy and says so", run: "run-inventory-cutover",
                now: "2026-11-23T18:30:00Z", plan: nil),
            ["broken-expression match", "broken-expression requiredFields"]
        ),
        (
            .init(
                name: "every unmet requirement is listed, deny first", run: "run-cutover", now: "2026-11-23T18:30:00Z",
                plan: "plan-shop-tier1", observed: ["observed-cutover-running"]),
            ["ticket-for-tier-1 deny", "one-run-at-a-time maxConcurrentRuns"]
        ),
    ]

    @Test("the gate lists what holds a run", arguments: scenarios)
    func unmet(_ scenario: PolicyScenario, _ expected: [String]) throws {
        let gate = try Self.gate()
        let run = try ObjectFixtures.desired(scenario.run)
        let unmet = gate.unmetRequirements(for: run, context: try scenario.context())
        #expect(unmet.map { "\($0.policy.split(separator: "#").last ?? "") \($0.requirement)" } == expected)
        let verdict = gate.verdict(for: run, context: try scenario.context())
        #expect(verdict == (unmet.first.map(RunVerdict.blocked) ?? .allowed))
    }

    @Test("verdict messages say what to do")
    func messages() throws {
        let gate = try Self.gate()
        let scenario = PolicyScenario(
            name: "messages", run: "run-cutover", now: "2026-11-23T18:30:00Z", plan: "plan-shop-tier1",
            observed: ["observed-cutover-running"])
        let unmet = gate.unmetRequirements(
            for: try ObjectFixtures.desired(scenario.run), context: try scenario.context())
        #expect(
            unmet.map(\.description) == [
                "policy policies/valid-expression.yaml#ticket-for-tier-1 (deny): tier-1 cutovers need a Ticket trailer in the commit that requests them",
                "policy policies/valid-expression.yaml#one-run-at-a-time (maxConcurrentRuns): 1 cutover/rollback run in flight (billing-cutover); at most 1 at a time",
            ])
    }

    @Test("policy files with errors hold every run")
    func failClosed() throws {
        let gate = PolicyGate(sources: [
            PolicySource(path: "policies/ok.yaml", contents: try Fixtures.text("policies/valid-expression.yaml")),
            PolicySource(path: "policies/bad.yaml", contents: try Fixtures.text("policies/invalid-header.yaml")),
        ])
        let scenario = PolicyScenario(name: "any", run: "run-stage", now: "2026-11-23T18:30:00Z")
        let verdict = gate.verdict(for: try ObjectFixtures.desired(scenario.run), context: try scenario.context())
        guard case .blocked(let block) = verdict else {
            Issue.record("expected a block, got \(verdict)")
            return
        }
        #expect(block.requirement == "policyFiles")
        #expect(block.policy == "policies/bad.yaml")
        #expect(block.message.contains("policies/bad.yaml:1:1: error: apiVersion must be"))
    }

    @Test("a run whose plan is not observed yet is held by namespace policies")
    func unknownPlan() throws {
        let set = PolicySet.load([try ShippedPolicies.source("no-system-namespaces.yaml")])
        let scenario = PolicyScenario(name: "no plan", run: "run-stage", now: "2026-11-23T18:30:00Z", plan: nil)
        let unmet = set.unmetRequirements(
            for: try ObjectFixtures.desired(scenario.run), context: try scenario.context())
        #expect(unmet.map(\.requirement) == ["deny"])
    }

    @Test(
        "run types are read from the MigMigration spec",
        arguments: [
            ("run-stage", PolicyRunType.stage), ("run-cutover", .cutover), ("run-rollback", .rollback),
        ] as [(String, PolicyRunType)])
    func runTypes(_ fixture: String, _ expected: PolicyRunType) throws {
        #expect(PolicyRunType(spec: try ObjectFixtures.object(fixture).spec) == expected)
        #expect(PolicyRunType(spec: ["migrateState": true, "stage": true]) == .migrateState)
        #expect(PolicyRunType(spec: ["migrateState": true, "rollback": true]) == .rollback)
    }
}

extension PolicyGateTests {
    @Test(
        "commit trailers are the key-value lines of the last paragraph",
        arguments: [
            (
                "Cutover shop\n\nApproved-by: ana@example.com\nApproved-by: bo@example.com\nTicket: OPS-1",
                ["Approved-by": ["ana@example.com", "bo@example.com"], "Ticket": ["OPS-1"]]
            ),
            ("Cutover shop\n\nWhy: because\nand more prose", [:]),
            ("Ticket: OPS-1", [:]),
            ("Cutover\r\n\r\nTicket:  OPS-2 \r\n", ["Ticket": ["OPS-2"]]),
        ] as [(String, [String: [String]])])
    func trailers(_ message: String, _ expected: [String: [String]]) {
        #expect(CommitFacts.trailers(in: message) == expected)
    }
}
