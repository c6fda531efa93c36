import Foundation
import KubeObjects

/// One `kind: Policy` document: which runs and objects it matches and what it requires of them.
public struct Policy: Sendable {
    /// `metadata.name`.
    public var name: String
    /// The file the policy was loaded from, as the caller named it.
    public var path: String
    /// 1-based line of the policy's document in its file.
    public var line: Int
    public var match: PolicyMatch
    public var requirements: PolicyRequirements

    public init(name: String, path: String, line: Int = 1, match: PolicyMatch, requirements: PolicyRequirements) {
        self.name = name
        self.path = path
        self.line = line
        self.match = match
        self.requirements = requirements
    }

    /// `policies/<file>#<name>`: how verdicts name the policy.
    public var reference: String { "\(path)#\(name)" }
}

/// What a policy applies to. Every selector given must match; an absent selector matches all.
public struct PolicyMatch: Sendable {
    /// MTC kinds, e.g. `MigMigration`, `MigPlan`. Defaults to `MigMigration`.
    public var kinds: [String]
    /// Run types; empty matches every run type (and is ignored for kinds other than runs).
    public var runTypes: Set<PolicyRunType>
    /// Globs matched against the plan's source namespaces; one matching namespace suffices.
    public var namespaces: [Glob]
    /// Globs matched against the plan's name.
    public var plans: [Glob]
    public var sourceClusters: [Glob]
    public var destinationClusters: [Glob]
    /// A CEL expression over `object`, `plan`, `run` and `commit` that must be `true`.
    public var expression: CELProgram?

    public init(
        kinds: [String] = ["MigMigration"], runTypes: Set<PolicyRunType> = [], namespaces: [Glob] = [],
        plans: [Glob] = [], sourceClusters: [Glob] = [], destinationClusters: [Glob] = [],
        expression: CELProgram? = nil
    ) {
        self.kinds = kinds
        self.runTypes = runTypes
        self.namespaces = namespaces
        self.plans = plans
        self.sourceClusters = sourceClusters
        self.destinationClusters = destinationClusters
        self.expression = expression
    }
}

/// What a matching run must satisfy before it may start. Checked in the order of `Kind`.
public struct PolicyRequirements: Sendable {
    /// The requirement names verdicts use, in the order they are checked: what the run's
    /// author can fix in the file first, then what others must do, then what time fixes.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case deny
        case requiredFields
        case approvals
        case stagedWithin
        case maxConcurrentRuns
        case window
    }

    public var deny: String?
    /// Field path under `spec` (dotted) → the value it must have.
    public var requiredFields: [(path: String, value: JSONValue)]
    public var approvals: ApprovalRequirement?
    /// A successful stage run of the same plan must have finished within this many seconds.
    public var stagedWithin: TimeInterval?
    public var maxConcurrentRuns: Int?
    public var window: TimeWindow?

    public init(
        deny: String? = nil, requiredFields: [(path: String, value: JSONValue)] = [],
        approvals: ApprovalRequirement? = nil, stagedWithin: TimeInterval? = nil, maxConcurrentRuns: Int? = nil,
        window: TimeWindow? = nil
    ) {
        self.deny = deny
        self.requiredFields = requiredFields
        self.approvals = approvals
        self.stagedWithin = stagedWithin
        self.maxConcurrentRuns = maxConcurrentRuns
        self.window = window
    }

    /// `true` when the policy only restricts runs (and so says nothing about plans and the
    /// other kinds it may match).
    var hasRunOnlyRequirements: Bool {
        approvals != nil || stagedWithin != nil || maxConcurrentRuns != nil || window != nil
    }
}

/// `approvals: {count: N, from: [...]}`: N distinct approvers whose identity matches `from`.
public struct ApprovalRequirement: Sendable {
    public var count: Int
    /// Identities (e-mail addresses) or globs such as `*@platform.example.com`.
    public var from: [Glob]

    public init(count: Int, from: [Glob]) {
        self.count = count
        self.from = from
    }
}
