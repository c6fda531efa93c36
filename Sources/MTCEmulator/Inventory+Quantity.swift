import Foundation

/// Kubernetes resource quantities (`10Gi`, `500M`, `1.5Ti`) as byte counts, for inventory
/// sizes and for messages that print sizes back.
enum Quantity {
    private static let binary: [(String, Double)] = [
        ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
        ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
    ]
    private static let decimal: [(String, Double)] = [
        ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ]

    /// The number of bytes a quantity names, or nil when it is not a quantity.
    static func bytes(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        for (suffix, factor) in binary + decimal where t.hasSuffix(suffix) {
            guard let n = Double(t.dropLast(suffix.count)), n >= 0 else { return nil }
            return Int64((n * factor).rounded())
        }
        guard let n = Double(t), n >= 0 else { return nil }
        return Int64(n.rounded())
    }

    /// `1.5 GiB`-style text for progress messages.
    static func describe(bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let tenths = (value * 10).rounded() / 10
        return "\(tenths) \(units[unit])"
    }
}
