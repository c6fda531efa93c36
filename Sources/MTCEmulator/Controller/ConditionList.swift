public import KubeObjects

/// The conditions of one object while a reconcile rebuilds them.
///
/// Works like mig-controller's staging: ``beginStaging()`` marks every non-durable condition
/// as stale, each check re-sets what still holds, and ``endStaging()`` drops the stale rest.
/// A condition set again with the same meaning keeps its `lastTransitionTime`, and the list
/// keeps its order, so an object whose situation did not change comes out byte-identical.
struct ConditionList {
    private(set) var items: [MTCCondition]
    private let original: Set<String>
    private var staged: Set<String> = []
    private var staging = false
    let now: String

    init(_ items: [MTCCondition], now: String) {
        self.items = items
        self.original = Set(items.map(\.type))
        self.now = now
    }

    init(of object: KubeObject, now: String) {
        self.init(MTCCondition.list(in: object), now: now)
    }

    mutating func beginStaging() {
        staging = true
        staged = Set(items.filter(\.durable).map(\.type))
    }

    mutating func endStaging() {
        items.removeAll { !staged.contains($0.type) }
        staging = false
    }

    /// Sets (or replaces) the condition of `type`.
    mutating func set(
        _ type: String, category: MTCCondition.Category, message: String, reason: String? = nil,
        status: String = "True", durable: Bool = false
    ) {
        var condition = MTCCondition(
            type: type, status: status, reason: reason, category: category, message: message,
            lastTransitionTime: now, durable: durable)
        if let index = items.firstIndex(where: { $0.type == type }) {
            if items[index].sameMeaning(as: condition) {
                condition.lastTransitionTime = items[index].lastTransitionTime
            }
            items[index] = condition
        } else {
            items.append(condition)
        }
        staged.insert(type)
    }

    /// Keeps the existing conditions of these types through this reconcile (used while a plan
    /// is suspended and its volume checks are frozen).
    mutating func keep(_ types: [String]) {
        for type in types where items.contains(where: { $0.type == type }) { staged.insert(type) }
    }

    mutating func remove(_ type: String) {
        items.removeAll { $0.type == type }
        staged.remove(type)
    }

    /// The conditions as they stand now: while staging, only those set (or kept) so far in
    /// this reconcile, so a problem that went away no longer counts.
    private var current: [MTCCondition] {
        staging ? items.filter { staged.contains($0.type) } : items
    }

    func has(_ type: String) -> Bool { current.contains { $0.type == type } }

    /// Whether the condition was there when this reconcile began (staged or not).
    func had(_ type: String) -> Bool { original.contains(type) }

    func condition(_ type: String) -> MTCCondition? { current.first { $0.type == type } }

    func has(category: MTCCondition.Category) -> Bool { current.contains { $0.category == category } }

    /// Critical or Error: what keeps `Ready` away.
    var hasBlocker: Bool { has(category: .critical) || has(category: .error) }

    var json: JSONValue { .array(items.map(\.json)) }
}
