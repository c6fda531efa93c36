import Foundation
import MigsyncCore
import MigsyncPolicy
import MigsyncTesting
import Testing

/// Every file in `policies/` loads cleanly and gives the verdicts its header comment promises.
@Suite("Shipped policies")
struct ShippedPolicyTests {
    @Test("every shipped policy file loads without findings")
    func loadsCleanly() throws {
        let sources = try ShippedPolicies.all()
        #expect(sources.count == 6)
        let set = PolicySet.load(sources)
        #expect(set.findings.map(\.description) == [])
        #expect(set.policies.count == sources.count)
    }

    static let approvals: [PolicyScenario] = [
        .init(
            name: "a cutover without approvals waits", run: "run-cutover", now: "2026-11-23T18:30:00Z",
            blockedBy: "approvals"),
        .init(
            name: "one approver twice counts once", run: "run-cutover", now: "2026-11-23T18:30:00Z",
            approvers: ["ana@example.com", "ANA@example.com"], blockedBy: "approvals"),
        .init(
            name: "an approver outside the list does not count", run: "run-cutover", now: "2026-11-23T18:30:00Z",
            approvers: ["ana@example.com", "eve@example.com"], blockedBy: "approvals"),
        .init(
            name: "two listed approvers let a cutover start", run: "run-cutover", now: "2026-11-23T18:30:00Z",
            approvers: ["ana@example.com", "cy@migration-leads.example.com"]),
        .init(name: "a stage run needs no approval", run: "run-stage", now: "2026-11-23T18:30:00Z"),
    ]

    @Test("two-approvals-for-cutover.yaml holds cutovers until two listed people approve", arguments: approvals)
    func twoApprovals(_ scenario: PolicyScenario) throws {
        try check("two-approvals-for-cutover.yaml", scenario)
    }

    static let windows: [PolicyScenario] = [
        .init(name: "Monday 19:30 Berlin is inside the window", run: "run-cutover", now: "2026-11-23T18:30:00Z"),
        .init(
            name: "Monday 13:00 Berlin waits until 19:00 the same day", run: "run-cutover", now: "2026-11-23T12:00:00Z",
            blockedBy: "window", nextOpening: "2026-11-23T18:00:00Z"),
        .init(
            name: "Friday afternoon waits for Saturday 08:00", run: "run-cutover", now: "2026-11-20T12:00:00Z",
            blockedBy: "window", nextOpening: "2026-11-21T07:00:00Z"),
        .init(
            name: "a rollback on Sunday waits for Monday evening", run: "run-rollback", now: "2026-11-22T12:00:00Z",
            blockedBy: "window", nextOpening: "2026-11-23T18:00:00Z"),
        .init(name: "a stage run ignores the window", run: "run-stage", now: "2026-11-20T12:00:00Z"),
        .init(
            name: "after the spring change the window opens at 19:00 summer time", run: "run-cutover",
            now: "2026-03-29T10:00:00Z", blockedBy: "window", nextOpening: "2026-03-30T17:00:00Z"),
        .init(
            name: "after the autumn change the window opens at 19:00 winter time", run: "run-cutover",
            now: "2026-10-24T17:00:00Z", blockedBy: "window", nextOpening: "2026-10-26T18:00:00Z"),
        .init(
            name: "Saturday 08:00 Berlin is the first minute of the window", run: "run-cutover",
            now: "2026-11-21T07:00:00Z"),
        .init(
            name: "23:00 Berlin is the end of the window", run: "run-cutover", now: "2026-11-23T22:00:00Z",
            blockedBy: "window", nextOpening: "2026-11-24T18:00:00Z"),
    ]

    @Test("cutover-window.yaml starts cutovers and rollbacks only in Berlin maintenance windows", arguments: windows)
    func cutoverWindow(_ scenario: PolicyScenario) throws {
        try check("cutover-window.yaml", scenario)
    }

    static let freeze: [PolicyScenario] = [
        .init(
            name: "a stage run in the freeze waits until the freeze ends", run: "run-stage",
            now: "2026-12-20T10:00:00Z",
            blockedBy: "window", nextOpening: "2027-01-03T23:00:00Z"),
        .init(name: "a rollback in the freeze may start", run: "run-rollback", now: "2026-12-20T10:00:00Z"),
        .init(name: "the last minute before the freeze is open", run: "run-cutover", now: "2026-12-18T22:59:00Z"),
        .init(
            name: "the freeze starts at Berlin midnight", run: "run-cutover", now: "2026-12-18T23:00:00Z",
            blockedBy: "window", nextOpening: "2027-01-03T23:00:00Z"),
        .init(name: "the day after the freeze is open", run: "run-cutover", now: "2027-01-03T23:00:00Z"),
    ]

    @Test("change-freeze.yaml holds everything but rollbacks during the year-end freeze", arguments: freeze)
    func changeFreeze(_ scenario: PolicyScenario) throws {
        try check("change-freeze.yaml", scenario)
    }

    static let staging: [PolicyScenario] = [
        .init(
            name: "a stage 23 hours ago lets the cutover start", run: "run-cutover", now: "2026-11-21T09:00:00Z",
            observed: ["observed-stage-succeeded"]),
        .init(
            name: "a stage 25 hours ago is too old", run: "run-cutover", now: "2026-11-21T11:00:00Z",
            observed: ["observed-stage-succeeded"], blockedBy: "stagedWithin"),
        .init(
            name: "without any stage the cutover waits", run: "run-cutover", now: "2026-11-21T09:00:00Z",
            blockedBy: "stagedWithin"),
        .init(
            name: "a failed stage does not count", run: "run-cutover", now: "2026-11-21T10:00:00Z",
            observed: ["observed-stage-failed"], blockedBy: "stagedWithin"),
        .init(name: "the stage run itself is not held", run: "run-stage", now: "2026-11-21T09:00:00Z"),
    ]

    @Test("stage-before-cutover.yaml needs a successful stage of the plan within 24 hours", arguments: staging)
    func stageBeforeCutover(_ scenario: PolicyScenario) throws {
        try check("stage-before-cutover.yaml", scenario)
    }

    static let quiesce: [PolicyScenario] = [
        .init(name: "a quiescing cutover may start", run: "run-cutover", now: "2026-11-21T09:00:00Z"),
        .init(
            name: "a cutover without quiescePods waits", run: "run-cutover-unquiesced", now: "2026-11-21T09:00:00Z",
            blockedBy: "requiredFields"),
        .init(name: "a rollback needs no quiescePods", run: "run-rollback", now: "2026-11-21T09:00:00Z"),
    ]

    @Test("quiesce-for-cutover.yaml needs quiescePods on cutovers", arguments: quiesce)
    func quiesceForCutover(_ scenario: PolicyScenario) throws {
        try check("quiesce-for-cutover.yaml", scenario)
    }

    static let systemNamespaces: [PolicyScenario] = [
        .init(
            name: "a run of a plan with openshift-logging is denied", run: "run-logging-stage",
            now: "2026-11-21T09:00:00Z", plan: "plan-system", blockedBy: "deny"),
        .init(name: "a run of an application plan may start", run: "run-stage", now: "2026-11-21T09:00:00Z"),
    ]

    @Test("no-system-namespaces.yaml denies runs of plans with system namespaces", arguments: systemNamespaces)
    func noSystemNamespacesRuns(_ scenario: PolicyScenario) throws {
        try check("no-system-namespaces.yaml", scenario)
    }

    @Test(
        "no-system-namespaces.yaml reports plans with system namespaces",
        arguments: [("plan-system", ["deny"]), ("plan-shop", [])] as [(String, [String])])
    func noSystemNamespacesPlans(_ plan: String, _ expected: [String]) throws {
        let set = PolicySet.load([try ShippedPolicies.source("no-system-namespaces.yaml")])
        let findings = set.admissionFindings(for: try ObjectFixtures.desired(plan))
        #expect(findings.map(\.requirement) == expected)
        #expect(findings.allSatisfy { $0.policy == "policies/no-system-namespaces.yaml#no-system-namespaces" })
    }

    @Test("with every shipped policy a bare cutover lists each unmet requirement in order")
    func allPolicies() throws {
        let gate = PolicyGate(sources: try ShippedPolicies.all())
        let scenario = PolicyScenario(name: "bare", run: "run-cutover-unquiesced", now: "2026-12-20T10:00:00Z")
        let unmet = gate.unmetRequirements(
            for: try ObjectFixtures.desired(scenario.run), context: try scenario.context())
        #expect(
            unmet.map { "\($0.policy) \($0.requirement)" } == [
                "policies/quiesce-for-cutover.yaml#quiesce-for-cutover requiredFields",
                "policies/two-approvals-for-cutover.yaml#two-approvals-for-cutover approvals",
                "policies/stage-before-cutover.yaml#stage-before-cutover stagedWithin",
                "policies/change-freeze.yaml#change-freeze window",
                "policies/cutover-window.yaml#cutover-window window",
            ])
        let verdict = gate.verdict(for: try ObjectFixtures.desired(scenario.run), context: try scenario.context())
        #expect(verdict == .blocked(unmet[0]))
    }

    private func check(_ file: String, _ scenario: PolicyScenario) throws {
        let set = PolicySet.load([try ShippedPolicies.source(file)])
        try #require(set.findings.isEmpty, "\(set.findings)")
        let gate = PolicyGate(policies: set)
        let verdict = gate.verdict(for: try ObjectFixtures.desired(scenario.run), context: try scenario.context())
        switch verdict {
        case .allowed:
            #expect(scenario.blockedBy == nil, "expected a block by \(scenario.blockedBy ?? "")")
        case .blocked(let block):
            #expect(block.requirement == scenario.blockedBy, "\(block)")
            #expect(block.policy == "policies/\(file)#\(file.replacingOccurrences(of: ".yaml", with: ""))")
            #expect(!block.message.isEmpty)
            if let expected = scenario.nextOpening {
                #expect(block.nextOpening == (try PolicyScenario.date(expected)), "\(block)")
            }
        }
    }
}

extension ShippedPolicyTests {
    @Test("verdict messages name the policy, the requirement, the reason and the next opening")
    func messages() throws {
        let gate = PolicyGate(sources: try ShippedPolicies.all())
        let scenario = PolicyScenario(
            name: "messages", run: "run-cutover-unquiesced", now: "2026-12-20T10:00:00Z",
            observed: ["observed-stage-succeeded"], approvers: ["ana@example.com"])
        let unmet = gate.unmetRequirements(
            for: try ObjectFixtures.desired(scenario.run), context: try scenario.context())
        #expect(
            unmet.map(\.description) == [
                "policy policies/quiesce-for-cutover.yaml#quiesce-for-cutover (requiredFields): spec.quiescePods must be true (is not set)",
                "policy policies/two-approvals-for-cutover.yaml#two-approvals-for-cutover (approvals): needs 2 approvals from distinct approvers in [ana@example.com, bo@example.com, *@migration-leads.example.com]; has 1 (ana@example.com)",
                "policy policies/stage-before-cutover.yaml#stage-before-cutover (stagedWithin): the last successful stage run of plan shop finished at 2026-11-20T10:09:00Z, more than 24h ago; stage again first",
                "policy policies/change-freeze.yaml#change-freeze (window): inside a deny window (year-end change freeze) until 2027-01-04 00:00 Europe/Berlin; next opening 2027-01-03T23:00:00Z",
                "policy policies/cutover-window.yaml#cutover-window (window): outside the allowed window (Mon,Tue,Wed,Thu 19:00-23:00; Sat 08:00-18:00 Europe/Berlin); opens next at 2026-12-21 19:00 Europe/Berlin; next opening 2026-12-21T18:00:00Z",
            ])
    }
}
