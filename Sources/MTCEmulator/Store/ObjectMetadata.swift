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

    /// Fields only the server sets: a write that differs in nothing else changes nothing.
    static let serverFields: Set<String> = [
        "resourceVersion", "uid", "creationTimestamp", "generation", "managedFields",
    ]

    /// Whether `object` says the same as `current` apart from the fields only the server
    /// sets, given whether their specs are equal (the caller needs that answer anyway for
    /// the generation, and the spec is the largest part to compare).
    static func isUnchanged(_ object: KubeObject, from current: KubeObject, specEqual: Bool) -> Bool {
        guard specEqual, case .object(let new) = object.json, case .object(let old) = current.json else {
            return specEqual && object.json == current.json
        }
        for key in Set(new.keys).union(old.keys) {
            switch key {
            case "spec": continue
            case "metadata":
                guard case .object(let newMetadata)? = new[key], case .object(let oldMetadata)? = old[key] else {
                    if new[key] != old[key] { return false }
                    continue
                }
                for field in Set(newMetadata.keys).union(oldMetadata.keys) where !serverFields.contains(field) {
                    if newMetadata[field] != oldMetadata[field] { return false }
                }
            default:
                if new[key] != old[key] { return false }
            }
        }
        return true
    }
}
