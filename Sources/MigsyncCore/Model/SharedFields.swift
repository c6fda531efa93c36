/// A value kept behind one reference: copying the struct that holds it is then a single
/// retain, however many strings and arrays the value has. A change replaces the box; the
/// value in it never changes.
final class SharedFields<Fields: Sendable>: Sendable {
    let fields: Fields
    init(_ fields: Fields) { self.fields = fields }
}
