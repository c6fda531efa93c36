public import KubeObjects

/// One entry of an MTC object's `status.conditions`.
public struct MTCCondition: Sendable, Hashable {
    /// How much a condition matters, as mig-controller classifies them.
    public enum Category: String, Sendable, Hashable {
        /// Blocks the reconcile flow and `Ready`.
        case critical = "Critical"
        /// Blocks `Ready`.
        case error = "Error"
        /// Does not block `Ready`; at the end of a migration it turns `Succeeded` into
        /// `SucceededWithWarnings`.
        case warn = "Warn"
        /// Must be present for `Ready` (`Ready`, `StorageEnsured`, `PvsDiscovered`).
        case required = "Required"
        /// Informational.
        case advisory = "Advisory"
    }

    public var type: String
    public var status: String
    public var reason: String?
    public var category: Category
    public var message: String
    public var lastTransitionTime: String
    /// Durable conditions survive reconciles that no longer set them (terminal results).
    public var durable: Bool

    public init(
        type: String, status: String = "True", reason: String? = nil, category: Category, message: String,
        lastTransitionTime: String, durable: Bool = false
    ) {
        self.type = type
        self.status = status
        self.reason = reason
        self.category = category
        self.message = message
        self.lastTransitionTime = lastTransitionTime
        self.durable = durable
    }

    /// Reads a condition written by this or another controller; nil when `type` is missing.
    public init?(json: JSONValue) {
        guard let type = json["type"]?.stringValue else { return nil }
        self.type = type
        status = json["status"]?.stringValue ?? "True"
        reason = json["reason"]?.stringValue
        category = json["category"]?.stringValue.flatMap(Category.init(rawValue:)) ?? .advisory
        message = json["message"]?.stringValue ?? ""
        lastTransitionTime = json["lastTransitionTime"]?.stringValue ?? ""
        durable = json["durable"]?.boolValue ?? false
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "type": .string(type), "status": .string(status), "category": .string(category.rawValue),
            "message": .string(message), "lastTransitionTime": .string(lastTransitionTime),
        ]
        if let reason { members["reason"] = .string(reason) }
        if durable { members["durable"] = .bool(true) }
        return .object(members)
    }

    /// Same meaning, ignoring when it was set: an unchanged condition keeps its time, so a
    /// reconcile that finds nothing new writes nothing.
    func sameMeaning(as other: MTCCondition) -> Bool {
        type == other.type && status == other.status && reason == other.reason && category == other.category
            && message == other.message && durable == other.durable
    }
}

extension MTCCondition {
    /// Reads `status.conditions` of an object.
    public static func list(in object: KubeObject) -> [MTCCondition] {
        (object.status?["conditions"]?.arrayValue ?? []).compactMap(MTCCondition.init(json:))
    }
}
