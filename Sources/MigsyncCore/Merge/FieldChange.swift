import Foundation
import KubeObjects

/// One field that differs between the cluster and the merged object, for previews.
///
/// Lists are compared whole: MTC's CRD lists are atomic, so a change inside one is shown
/// as a change of the list.
public struct FieldChange: Sendable, Hashable, CustomStringConvertible {
    /// Dotted path, e.g. `spec.namespaces` or `metadata.labels.team`.
    public var path: String
    public var old: JSONValue?
    public var new: JSONValue?

    public init(path: String, old: JSONValue?, new: JSONValue?) {
        self.path = path
        self.old = old
        self.new = new
    }

    /// `spec.stage: false -> true`, `+spec.verify: true`, `-spec.indirect: true`.
    public var description: String {
        switch (old, new) {
        case (nil, let new?): return "+\(path): \(Self.render(new))"
        case (let old?, nil): return "-\(path): \(Self.render(old))"
        case (let old?, let new?): return "\(path): \(Self.render(old)) -> \(Self.render(new))"
        case (nil, nil): return path
        }
    }

    /// Every leaf that differs between `old` and `new`, sorted by path.
    public static func between(_ old: JSONValue?, _ new: JSONValue?, path: String = "") -> [FieldChange] {
        var changes: [FieldChange] = []
        collect(old, new, path: path, into: &changes)
        return changes.sorted { $0.path < $1.path }
    }

    private static func collect(_ old: JSONValue?, _ new: JSONValue?, path: String, into changes: inout [FieldChange]) {
        switch (old, new) {
        case (.object(let a)?, .object(let b)?):
            for key in Set(a.keys).union(b.keys) {
                collect(a[key], b[key], path: path.isEmpty ? key : "\(path).\(key)", into: &changes)
            }
        case (nil, nil):
            return
        case (let a?, let b?) where a.semanticallyEquals(b):
            return
        default:
            changes.append(FieldChange(path: path, old: old, new: new))
        }
    }

    /// Compact one-line JSON for a value; falls back to the type name if encoding fails.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return String(b)
        case .null: return "null"
        default:
            guard let data = try? value.serialized(), let text = String(data: data, encoding: .utf8) else {
                return value.typeName
            }
            return text
        }
    }
}
