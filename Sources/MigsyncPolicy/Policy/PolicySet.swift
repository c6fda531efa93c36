import Foundation
import KubeObjects
import MigsyncCore

/// The policies of a repository, evaluated together: every matching policy applies.
public struct PolicySet: Sendable {
    public var policies: [Policy]
    /// Problems found while loading; policies with findings are not in `policies`.
    public var findings: [PolicyFinding]

    public init(policies: [Policy], findings: [PolicyFinding] = []) {
        self.policies = policies
        self.findings = findings
    }

    /// Loads the policies in `sources` (paths as they should appear in verdicts, e.g.
    /// `policies/cutover-window.yaml`).
    public static func load(_ sources: [PolicySource]) -> PolicySet {
        let (policies, findings) = PolicyLoader.load(sources)
        return PolicySet(policies: policies, findings: findings)
    }

    // MARK: - Runs

    /// Every requirement `run` does not meet now, ordered by requirement (deny first, window
    /// last) and then by policy order: the first entry is the gate's verdict, the rest are
    /// for previews and notes.
    public func unmetRequirements(for run: DesiredObject, context: RunGateContext) -> [RunBlock] {
        guard run.kind == .migMigration else { return admissionFindings(for: run, now: context.now) }
        let type = PolicyRunType(spec: run.object.spec)
        let bindings = PolicyBindings.forRun(run, type: type, context: context)
        let subject = PolicySubject(run: run, context: context)
        var blocks: [(rank: Int, order: Int, block: RunBlock)] = []
        for (order, policy) in policies.enumerated() {
            switch policy.match.evaluate(subject: subject, kind: run.kind, runType: type, bindings: bindings) {
            case .noMatch:
                continue
            case .expressionFailed(let message):
                blocks.append(
                    (
                        -1, order,
                        RunBlock(
                            policy: policy.reference, requirement: "match",
                            message:
                                "the match expression could not be evaluated (\(message)); the policy applies and blocks until it is fixed"
                        )
                    ))
            case .matches:
                break
            }
            let checker = RequirementChecker(policy: policy, run: run, runType: type, context: context)
            for (kind, block) in checker.unmet() {
                blocks.append((PolicyRequirements.Kind.allCases.firstIndex(of: kind) ?? 0, order, block))
            }
        }
        return blocks.sorted { ($0.rank, $0.order) < ($1.rank, $1.order) }.map(\.block)
    }

    /// The policies that apply to `run` now (a failed match expression counts as applying).
    public func policies(matching run: DesiredObject, context: RunGateContext) -> [Policy] {
        let type = PolicyRunType(spec: run.object.spec)
        let bindings = PolicyBindings.forRun(run, type: type, context: context)
        let subject = PolicySubject(run: run, context: context)
        return policies.filter {
            if case .noMatch = $0.match.evaluate(subject: subject, kind: run.kind, runType: type, bindings: bindings) {
                return false
            }
            return true
        }
    }

    // MARK: - Other objects

    /// The `deny` and `requiredFields` requirements that `object` (a MigPlan, MigCluster, ...)
    /// violates, so a plan such as one migrating `openshift-*` namespaces can be reported
    /// before any run of it is requested. Run-only requirements (approvals, windows, stage,
    /// concurrency) do not apply to objects.
    public func admissionFindings(for object: DesiredObject, now: Date = Date()) -> [RunBlock] {
        let bindings = PolicyBindings.forObject(object, now: now)
        let subject = PolicySubject(object: object)
        var blocks: [RunBlock] = []
        for policy in policies {
            switch policy.match.evaluate(subject: subject, kind: object.kind, runType: nil, bindings: bindings) {
            case .noMatch:
                continue
            case .expressionFailed(let message):
                blocks.append(
                    RunBlock(
                        policy: policy.reference, requirement: "match",
                        message: "the match expression could not be evaluated (\(message))"))
            case .matches:
                if let deny = policy.requirements.deny {
                    blocks.append(RunBlock(policy: policy.reference, requirement: "deny", message: deny))
                }
                blocks += RequirementChecker.requiredFields(policy, object: object.object)
            }
        }
        return blocks
    }
}
