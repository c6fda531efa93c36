import Foundation
import KubeObjects

/// The metadata rules the API server applies on writes: names from `generateName`,
/// timestamps, and which fields a client may not change.
enum ObjectMetadata {
    /// The characters Kubernetes uses for generated name suffixes: no vowels (no accidental
    /// words) and no look-alike digits.
    private static let suffixAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// `prefix` plus five random characters, as the API server expands `generateName`.
    static func generatedName(prefix: String) -> String {
        var name = prefix
        for _ in 0..<5 { name.append(suffixAlphabet.randomElement() ?? "x") }
        return name
    }

    /// RFC 3339 in UTC with second precision, the format of `creationTimestamp`.
    static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601)
    }

    /// The object with the fields only the server sets removed, so that two versions can be
    /// compared for a real change.
    static func comparable(_ object: KubeObject) -> JSONValue {
        var copy = object
        var metadata = copy.metadata
        for key in ["resourceVersion", "uid", "creationTimestamp", "generation", "managedFields"] {
            metadata[key] = nil
        }
        copy.metadata = metadata
        return copy.json
    }
}
