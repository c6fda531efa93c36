import KubeObjects

/// One item of a plan's `spec.namespaces`: `name` (same on both sides) or `src:dest`.
struct NamespaceMapping: Hashable {
    /// The item as written; plan conflicts compare these raw strings.
    var raw: String
    var source: String
    var destination: String

    init(_ raw: String) {
        self.raw = raw
        if let colon = raw.firstIndex(of: ":") {
            source = String(raw[..<colon])
            destination = String(raw[raw.index(after: colon)...])
        } else {
            source = raw
            destination = raw
        }
    }

    var isMapped: Bool { source != destination }

    static func of(plan: KubeObject) -> [NamespaceMapping] {
        (plan.spec?["namespaces"]?.arrayValue ?? []).compactMap(\.stringValue).map(NamespaceMapping.init)
    }
}
