import Synchronization

/// Hands out one shared copy of strings that many objects repeat.
///
/// A daemon keeps every cluster object of the managed namespace between passes. Decoded from
/// JSON, each of them owns its own copy of the same namespace, condition messages and
/// revision: ten thousand plans held ten thousand copies of `openshift-migration` several
/// times over. Strings Swift stores inline (up to 15 UTF-8 bytes) cost nothing to repeat and
/// are returned as they are. The pool stops growing at `capacity` strings, so names that
/// never repeat cannot make it grow without bound; later strings are then returned as given.
public final class StringPool: Sendable {
    /// The pool observed cluster objects share.
    public static let observed = StringPool(capacity: 4096)

    private let strings = Mutex<Set<String>>([])
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// The pooled copy of `string`, pooling it when there is room.
    public func shared(_ string: String) -> String {
        guard string.utf8.count > 15 else { return string }
        return strings.withLock { pool in
            if pool.count < capacity { return pool.insert(string).memberAfterInsert }
            return pool.firstIndex(of: string).map { pool[$0] } ?? string
        }
    }

    /// The pooled copy of `string`, when there is one.
    public func shared(_ string: String?) -> String? {
        string.map(shared)
    }

    /// How many strings the pool holds.
    public var count: Int { strings.withLock { $0.count } }
}
