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
