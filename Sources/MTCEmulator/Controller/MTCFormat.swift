import Foundation

/// Text forms mig-controller uses in what it writes.
enum MTCFormat {
    /// RFC 3339 with whole seconds (`2025-01-01T00:00:00Z`), as Kubernetes writes times.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current))
    }

    static func date(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle().parse(text)
    }

    /// A list inside a message: `[a,b,c]`.
    static func list(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}
