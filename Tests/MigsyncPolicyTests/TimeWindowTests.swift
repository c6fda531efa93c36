import Foundation
import MigsyncPolicy
import Testing

/// When a window is open and when it opens next, across midnight, freezes and DST changes.
@Suite("Time windows")
struct TimeWindowTests {
    static func date(_ text: String) -> Date {
        (try? Date(text, strategy: .iso8601)) ?? .distantPast
    }

    static let utc = TimeZone(identifier: "UTC") ?? .current
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .current
    static let monday = 2
    static let friday = 6
    static let sunday = 1

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var window: TimeWindow
        var now: String
        var next: String?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a freeze inside an allow window moves the opening to the freeze's end",
            window: TimeWindow(
                timeZone: utc, allow: [.init(days: [monday], start: 9 * 60, end: 17 * 60)],
                deny: [.init(from: date("2026-11-23T10:00:00Z"), until: date("2026-11-23T12:00:00Z"))]),
            now: "2026-11-23T10:30:00Z", next: "2026-11-23T12:00:00Z"),
        Case(
            name: "a window across midnight is open in its morning part",
            window: TimeWindow(timeZone: utc, allow: [.init(days: [friday], start: 22 * 60, end: 2 * 60)]),
            now: "2026-11-21T01:00:00Z", next: "2026-11-21T01:00:00Z"),
        Case(
            name: "after a window across midnight the next one is a week later",
            window: TimeWindow(timeZone: utc, allow: [.init(days: [friday], start: 22 * 60, end: 2 * 60)]),
            now: "2026-11-21T03:00:00Z", next: "2026-11-27T22:00:00Z"),
        Case(
            name: "a window starting in the spring-forward gap opens when the gap ends",
            window: TimeWindow(timeZone: berlin, allow: [.init(days: [sunday], start: 2 * 60 + 30, end: 3 * 60 + 30)]),
            now: "2026-03-29T00:00:00Z", next: "2026-03-29T01:00:00Z"),
        Case(
            name: "a window that lists no day never opens",
            window: TimeWindow(timeZone: utc, allow: [.init(days: [], start: 0, end: 1440)]),
            now: "2026-11-23T10:30:00Z", next: nil),
        Case(
            name: "a freeze longer than a year still reports its end",
            window: TimeWindow(
                timeZone: utc, deny: [.init(from: date("2026-01-01T00:00:00Z"), until: date("2028-06-01T00:00:00Z"))]),
            now: "2026-11-23T10:30:00Z", next: "2028-06-01T00:00:00Z"),
        Case(
            name: "the whole day with 24:00 as the end",
            window: TimeWindow(timeZone: berlin, allow: [.init(days: [monday], start: 0, end: 1440)]),
            now: "2026-11-23T22:59:00Z", next: "2026-11-23T22:59:00Z"),
    ]

    @Test("the next opening is the first open instant after now", arguments: cases)
    func nextOpening(_ c: Case) {
        #expect(c.window.nextOpening(after: Self.date(c.now)) == c.next.map(Self.date))
    }
}
