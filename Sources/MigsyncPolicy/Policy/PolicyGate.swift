import Foundation
import MigsyncCore

/// The run gate backed by the repository's policies.
///
/// Fails closed: while any policy file has findings, every run is blocked, because the
/// broken policy might be the one that should have held it.
public struct PolicyGate: RunGate {
    public let policies: PolicySet

    public init(policies: PolicySet) {
        self.policies = policies
    }

    /// Loads `sources` (repository path and text of each policy file).
    public init(sources: [PolicySource]) {
        self.init(policies: PolicySet.load(sources))
    }

    public func verdict(for run: DesiredObject, context: RunGateContext) -> RunVerdict {
        unmetRequirements(for: run, context: context).first.map(RunVerdict.blocked) ?? .allowed
    }

    /// Everything that holds `run` now, verdict first: for previews and status notes.
    public func unmetRequirements(for run: DesiredObject, context: RunGateContext) -> [RunBlock] {
        if let finding = policies.findings.first {
            return [
                RunBlock(
                    policy: finding.location.file, requirement: "policyFiles",
                    message:
                        "policy files have \(policies.findings.count) error\(policies.findings.count == 1 ? "" : "s"); runs wait until they are fixed (first: \(finding))"
                )
            ] + policies.unmetRequirements(for: run, context: context)
        }
        return policies.unmetRequirements(for: run, context: context)
    }
}
