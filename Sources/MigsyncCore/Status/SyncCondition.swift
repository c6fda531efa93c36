/// The reasons migsync's own conditions carry. One vocabulary for the CLI, logs, notes,
/// metrics and the status page.
public enum ConditionReason: String, Sendable, Hashable, CaseIterable {
    // Ready=True
    case reconciliationSucceeded = "ReconciliationSucceeded"
    case runSucceeded = "RunSucceeded"
    case runSucceededWithWarnings = "RunSucceededWithWarnings"
    case runCanceled = "RunCanceled"
    // Reconciling=True
    case progressing = "Progressing"
    case runInProgress = "RunInProgress"
    case deferredWhileRunning = "DeferredWhileRunning"
    case waitingForDependency = "WaitingForDependency"
    case waitingForDiscovery = "WaitingForDiscovery"
    case policyBlocked = "PolicyBlocked"
    case pruning = "Pruning"
    // Stalled=True
    case manifestInvalid = "ManifestInvalid"
    case blockedByCondition = "BlockedByCondition"
    case immutableRunEdited = "ImmutableRunEdited"
    case runNotRecreated = "RunNotRecreated"
    case runFailed = "RunFailed"
    // Ready=False only
    case reconciliationFailed = "ReconciliationFailed"
    case notInGit = "NotInGit"
}

/// One Kubernetes-style condition about an object or a whole pass.
///
/// Following Flux, `Ready` is always present, while `Reconciling` and `Stalled` appear
/// only when true.
public struct SyncCondition: Sendable, Hashable, CustomStringConvertible {
    public enum ConditionType: String, Sendable, Hashable, CaseIterable {
        case ready = "Ready"
        case reconciling = "Reconciling"
        case stalled = "Stalled"
    }

    public var type: ConditionType
    public var status: Bool
    public var reason: ConditionReason
    public var message: String

    public init(type: ConditionType, status: Bool, reason: ConditionReason, message: String) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
    }

    /// `Ready=False RunInProgress: Stage, phase EnsureStageBackup, step 3/7`.
    public var description: String {
        let head = "\(type.rawValue)=\(status ? "True" : "False") \(reason.rawValue)"
        return message.isEmpty ? head : "\(head): \(message)"
    }
}
