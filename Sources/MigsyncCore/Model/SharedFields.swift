/// A value kept behind one reference: copying the struct that holds it is then a single
/// retain, however many strings and arrays the value has. The value never changes.
final class SharedFields<Fields: Sendable>: Sendable {
    let fields: Fields
    init(_ fields: Fields) { self.fields = fields }
}

/// Two boxes are equal when they are the same box or hold equal values, so a struct whose
/// only stored property is its box gets value equality and hashing synthesised.
extension SharedFields: Equatable, Hashable where Fields: Hashable {
    static func == (lhs: SharedFields, rhs: SharedFields) -> Bool {
        lhs === rhs || lhs.fields == rhs.fields
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(fields)
    }
}
