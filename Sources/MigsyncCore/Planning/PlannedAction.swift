import KubeObjects

/// One cluster write of a pass, in the order the pass must make it.
public struct PlannedAction: Sendable, Hashable, CustomStringConvertible {
    public enum Verb: Sendable, Hashable {
        /// Create this object as Git declares it. The object sent is built from it when it is
        /// sent (``OwnedFields/created(_:branch:)``), so a pass holds no second copy of every
        /// object it creates; the desired object itself is shared with the diff.
        case create(DesiredObject)
        /// Replace the object with this one (it carries the `resourceVersion` it was
        /// merged from; a conflict means: read again, merge again).
        case update(KubeObject, changes: [FieldChange])
        /// Write this object: the observed run with `spec.canceled: true`.
        case cancelRun(KubeObject)
        /// Write this object: the observed plan with `spec.closed: true`, the step before
        /// a plan may be deleted.
        case closePlan(KubeObject)
        /// Delete the object; the `resourceVersion` it was observed at guards the delete.
        case delete(resourceVersion: String?)

        /// The lower-case verb used in logs and previews.
        public var name: String {
            switch self {
            case .create: return "create"
            case .update: return "update"
            case .cancelRun: return "cancel"
            case .closePlan: return "close"
            case .delete: return "delete"
            }
        }
    }

    public var key: ObjectKey
    public var verb: Verb
    /// Objects this action needs: if an action for one of them fails in the same pass, the
    /// driver skips this one.
    public var dependsOn: [ObjectKey]
    /// `path:line` of the manifest that asked for the action, when there is one.
    public var source: String?

    public init(key: ObjectKey, verb: Verb, dependsOn: [ObjectKey] = [], source: String? = nil) {
        self.key = key
        self.verb = verb
        self.dependsOn = dependsOn
        self.source = source
    }

    /// `update MigPlan/shop (spec.namespaces)`.
    public var description: String {
        var text = "\(verb.name) \(key)"
        if case .update(_, let changes) = verb, !changes.isEmpty {
            text += " (\(changes.map(\.path).joined(separator: ", ")))"
        }
        return text
    }
}
