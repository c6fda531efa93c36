import KubeObjects

/// One entry of an MTC object's `status.conditions`, as mig-controller writes it.
///
/// MTC expresses "not ready" by the absence of `Ready`, and blocking problems by the
/// category, so both are kept exactly as observed.
public struct MTCCondition: Sendable, Hashable {
    /// MTC's condition categories. `Critical` blocks the controller's flow, `Error` blocks
    /// `Ready`, the rest inform.
    public enum Category: String, Sendable, Hashable, Comparable, CaseIterable {
        case critical = "Critical"
        case error = "Error"
        case warn = "Warn"
        case required = "Required"
        case advisory = "Advisory"
        case unknown = ""

        /// Blocking categories sort first, so summaries lead with what matters.
        var severity: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }

        public static func < (lhs: Category, rhs: Category) -> Bool { lhs.severity < rhs.severity }
    }

    public var type: String
    public var status: Bool
    public var reason: String?
    public var category: Category
    public var message: String
    public var durable: Bool

    public init(
        type: String,
        status: Bool = true,
        reason: String? = nil,
        category: Category,
        message: String = "",
        durable: Bool = false
    ) {
        self.type = type
        self.status = status
        self.reason = reason
        self.category = category
        self.message = message
        self.durable = durable
    }

    /// Reads one condition; `nil` when the entry has no `type`.
    public init?(json: JSONValue) {
        guard let type = json["type"]?.stringValue, !type.isEmpty else { return nil }
        self.type = type
        // MTC writes "True"/"False" strings; tolerate booleans from hand-written fixtures.
        if let text = json["status"]?.stringValue {
            self.status = text.lowercased() == "true"
        } else {
            self.status = json["status"]?.boolValue ?? true
        }
        self.reason = json["reason"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        self.category = Category(rawValue: json["category"]?.stringValue ?? "") ?? .unknown
        self.message = json["message"]?.stringValue ?? ""
        self.durable = json["durable"]?.boolValue ?? false
    }

    /// This condition with its texts replaced by `pool`'s shared copies.
    func pooled(in pool: StringPool) -> MTCCondition {
        var condition = self
        condition.type = pool.shared(type)
        condition.reason = pool.shared(reason)
        condition.message = pool.shared(message)
        return condition
    }

    /// `true` when the condition stops MTC from making progress on the object.
    public var isBlocking: Bool { status && (category == .critical || category == .error) }
}

extension MTCCondition {
    /// The conditions of an object's `status`, in the order MTC wrote them.
    public static func list(in object: KubeObject) -> [MTCCondition] {
        (object.status?["conditions"]?.arrayValue ?? []).compactMap(MTCCondition.init(json:))
    }

    /// A stable order for output: blocking categories first, then by type.
    public static func sortedForDisplay(_ conditions: [MTCCondition]) -> [MTCCondition] {
        conditions.sorted { ($0.category, $0.type) < ($1.category, $1.type) }
    }
}
