import Foundation

/// `window:`: weekly allow windows and dated deny windows (freezes) in one IANA time zone.
///
/// A run may start at an instant inside some allow window (any instant when there are none)
/// and inside no deny window. Allow windows are wall-clock times in `timeZone`, so they follow
/// daylight saving time: "Mon 09:00" is 09:00 local time in both winter and summer.
public struct TimeWindow: Sendable {
    /// A weekly interval: from `start` on each of `days` until `end` (the next day when `end`
    /// is not after `start`, so `22:00`–`02:00` spans midnight).
    public struct Allow: Sendable, Hashable {
        /// 1 = Sunday ... 7 = Saturday, as `Calendar` counts weekdays.
        public var days: Set<Int>
        /// Minutes after local midnight; `end` may be 1440 (`24:00`).
        public var start: Int
        public var end: Int

        public init(days: Set<Int>, start: Int, end: Int) {
            self.days = days
            self.start = start
            self.end = end
        }
    }

    /// A closed period, `[from, until)`, during which no run may start.
    public struct Deny: Sendable, Hashable {
        public var from: Date
        public var until: Date
        public var reason: String?

        public init(from: Date, until: Date, reason: String? = nil) {
            self.from = from
            self.until = until
            self.reason = reason
        }
    }

    public var timeZone: TimeZone
    public var allow: [Allow]
    public var deny: [Deny]

    public init(timeZone: TimeZone, allow: [Allow] = [], deny: [Deny] = []) {
        self.timeZone = timeZone
        self.allow = allow
        self.deny = deny
    }

    /// How far ahead `nextOpening` looks: a year covers any weekly schedule and realistic
    /// freezes; beyond that the window is reported as never opening.
    static let horizonDays = 370

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The deny window `date` falls in, if any.
    public func denial(at date: Date) -> Deny? {
        deny.first { $0.from <= date && date < $0.until }
    }

    /// `true` when `date` is inside an allow window (or there are none).
    public func isAllowed(at date: Date) -> Bool {
        guard !allow.isEmpty else { return true }
        let calendar = self.calendar
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        guard let weekday = parts.weekday, let hour = parts.hour, let minute = parts.minute else { return false }
        let minutes = hour * 60 + minute
        let yesterday = weekday == 1 ? 7 : weekday - 1
        return allow.contains { window in
            if window.end > window.start {
                return window.days.contains(weekday) && window.start <= minutes && minutes < window.end
            }
            // Spans midnight: the evening part on the listed day, the morning part the day after.
            return (window.days.contains(weekday) && minutes >= window.start)
                || (window.days.contains(yesterday) && minutes < window.end)
        }
    }

    /// `true` when a run may start at `date`.
    public func isOpen(at date: Date) -> Bool { isAllowed(at: date) && denial(at: date) == nil }

    /// The first instant at or after `date` when the window is open, or `nil` when it stays
    /// closed for the next year.
    ///
    /// The open set is a union of allow intervals minus deny intervals, so its first instant
    /// after `date` is `date` itself, the start of an allow window, or the end of a deny
    /// window: those are the only candidates tried.
    public func nextOpening(after date: Date) -> Date? {
        if isOpen(at: date) { return date }
        var candidates = deny.map(\.until).filter { $0 > date }
        let calendar = self.calendar
        let today = calendar.startOfDay(for: date)
        for offset in 0...Self.horizonDays {
            guard let day = calendar.date(byAdding: .day, value: offset, to: today) else { continue }
            let weekday = calendar.component(.weekday, from: day)
            for window in allow where window.days.contains(weekday) {
                var parts = calendar.dateComponents([.year, .month, .day], from: day)
                parts.hour = window.start / 60
                parts.minute = window.start % 60
                // A start inside a spring-forward gap resolves to the first instant after it.
                if let start = calendar.date(from: parts), start > date { candidates.append(start) }
            }
        }
        // Where a start falls into a spring-forward gap, the window may open at the end of the
        // gap instead, so the zone's transitions are candidates as well.
        let horizon = date.addingTimeInterval(Double(Self.horizonDays) * 86400)
        var transition = timeZone.nextDaylightSavingTimeTransition(after: date)
        while let instant = transition, instant < horizon {
            candidates.append(instant)
            transition = timeZone.nextDaylightSavingTimeTransition(after: instant)
        }
        return candidates.sorted().first { isOpen(at: $0) }
    }

    /// A short reading of the allow windows for messages, e.g. `Mon-Fri 09:00-17:00`.
    var allowDescription: String {
        allow.map { window in
            let days = window.days.sorted { Self.mondayFirst($0) < Self.mondayFirst($1) }.map { Self.dayNames[$0 - 1] }
            return "\(days.joined(separator: ",")) \(Self.clock(window.start))-\(Self.clock(window.end))"
        }.joined(separator: "; ")
    }

    static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    private static func mondayFirst(_ weekday: Int) -> Int { weekday == 1 ? 8 : weekday }

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}
