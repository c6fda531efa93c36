import KubeObjects
import MigsyncCore

/// The facts selectors look at, read once per run or object.
struct PolicySubject {
    /// `nil` when unknown (the run's plan is not observed yet): selectors on it then match,
    /// so a policy is never skipped for lack of facts.
    var namespaces: [String]?
    var planName: String?
    var sourceCluster: String?
    var destinationCluster: String?
    var planKnown: Bool

    init(run: DesiredObject, context: RunGateContext) {
        let reference = References.plan(ofRun: run.object)?.name
        if let plan = context.plan?.object {
            self.init(planSpec: plan.spec, planName: reference ?? plan.name)
        } else {
            self.init(namespaces: nil, planName: reference, planKnown: false)
        }
    }

    init(object: DesiredObject) {
        if object.kind == .migPlan {
            self.init(planSpec: object.object.spec, planName: object.object.name)
        } else {
            self.init(namespaces: [object.object.namespace ?? ""], planName: nil, planKnown: true)
        }
    }

    private init(namespaces: [String]?, planName: String?, planKnown: Bool) {
        self.namespaces = namespaces
        self.planName = planName
        self.planKnown = planKnown
    }

    private init(planSpec spec: JSONValue?, planName: String?) {
        // MigPlan namespaces are `source` or `source:destination`; policies select by source.
        namespaces = (spec?["namespaces"]?.arrayValue ?? []).compactMap(\.stringValue).map {
            String($0.split(separator: ":", maxSplits: 1).first ?? "")
        }
        sourceCluster = spec?[path: ["srcMigClusterRef", "name"]]?.stringValue
        destinationCluster = spec?[path: ["destMigClusterRef", "name"]]?.stringValue
        self.planName = planName
        planKnown = true
    }
}

enum MatchResult {
    case matches
    case noMatch
    case expressionFailed(String)
}

extension PolicyMatch {
    /// Whether the policy applies. Run types only constrain runs (`runType` is `nil` for
    /// other kinds). An expression that fails to evaluate is reported, not treated as "no".
    func evaluate(
        subject: PolicySubject, kind: MTCKind, runType: PolicyRunType?, bindings: [String: CELValue]
    ) -> MatchResult {
        guard kinds.contains(kind.rawValue) else { return .noMatch }
        if let runType, !runTypes.isEmpty, !runTypes.contains(runType) { return .noMatch }
        func selects(_ globs: [Glob], _ value: String?) -> Bool {
            guard !globs.isEmpty else { return true }
            guard let value else { return !subject.planKnown }
            return Glob.any(globs, value)
        }
        if !namespaces.isEmpty {
            if let names = subject.namespaces {
                guard names.contains(where: { Glob.any(namespaces, $0) }) else { return .noMatch }
            } else if subject.planKnown {
                return .noMatch
            }
        }
        guard selects(plans, subject.planName), selects(sourceClusters, subject.sourceCluster),
            selects(destinationClusters, subject.destinationCluster)
        else { return .noMatch }
        guard let expression else { return .matches }
        do {
            switch try expression.evaluate(bindings) {
            case .bool(true): return .matches
            case .bool(false): return .noMatch
            case let other: return .expressionFailed("it returned \(other.typeName), not bool")
            }
        } catch {
            return .expressionFailed("\(error.kind.rawValue): \(error.message)")
        }
    }
}
