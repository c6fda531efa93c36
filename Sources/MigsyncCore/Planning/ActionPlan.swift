/// The outcome of planning a pass: the writes in order, and what waits with its reason.
public struct ActionPlan: Sendable, Hashable {
    public var actions: [PlannedAction]
    public var deferrals: [Deferral]

    public init(actions: [PlannedAction] = [], deferrals: [Deferral] = []) {
        self.actions = actions
        self.deferrals = deferrals
    }

    /// `true` when the pass makes no cluster write.
    public var isEmpty: Bool { actions.isEmpty }

    public func actions(for key: ObjectKey) -> [PlannedAction] { actions.filter { $0.key == key } }

    public func deferrals(for key: ObjectKey) -> [Deferral] { deferrals.filter { $0.key == key } }
}

extension ActionPlan {
    /// The plan with the writes of objects a policy refuses (a MigPlan of `openshift-*`
    /// namespaces, say) taken out and reported as held, together with every write that
    /// depends on them. Deletes and closes stay: a policy never keeps Git from removing an
    /// object.
    public func holding(_ blocks: [ObjectKey: RunBlock]) -> ActionPlan {
        guard !blocks.isEmpty else { return self }
        var held = Set<ObjectKey>()
        var result = ActionPlan(actions: [], deferrals: deferrals)
        for action in actions {
            let isWrite: Bool
            switch action.verb {
            case .create, .update: isWrite = true
            case .cancelRun, .closePlan, .delete: isWrite = false
            }
            if isWrite, let block = blocks[action.key] {
                held.insert(action.key)
                result.deferrals.append(Deferral(key: action.key, reason: .policyBlocked(block)))
            } else if isWrite, let holder = action.dependsOn.first(where: held.contains) {
                held.insert(action.key)
                result.deferrals.append(Deferral(key: action.key, reason: .waitingForReferences([holder])))
            } else {
                result.actions.append(action)
            }
        }
        return result
    }
}
