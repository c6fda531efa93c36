import KubeObjects

extension JSONValue {
    /// Equality that ignores how a number was spelled.
    ///
    /// YAML `600` and a server's `600.0` are the same value; treating them as different
    /// would make a pass write the same object again and again.
    func semanticallyEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.int, .double), (.double, .int):
            return doubleValue == other.doubleValue
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.semanticallyEquals($1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return a.allSatisfy { key, value in b[key].map(value.semanticallyEquals) ?? false }
        default:
            return self == other
        }
    }
}
