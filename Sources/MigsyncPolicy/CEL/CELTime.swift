import Foundation

/// Timestamp and duration text and calendar fields, for `timestamp()`, `duration()`,
/// `string()` and the `getHours()` family.
///
/// Calendar arithmetic is done on proleptic Gregorian days so it needs no `Calendar`; only
/// the zone offset at an instant comes from Foundation's time zone database.
enum CELTime {
    static let nanosPerSecond: Int64 = 1_000_000_000

    // MARK: - Civil dates

    /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01.
    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    // MARK: - RFC 3339

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` into nanoseconds since the epoch.
    static func parseTimestamp(_ text: String) throws(CELError) -> Int64 {
        let invalid = CELError(.invalidArgument, "invalid timestamp \"\(text)\"")
        let s = Array(text.utf8)
        func digits(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= s.count else { return nil }
            var value: Int64 = 0
            for i in from..<(from + count) {
                guard s[i] >= 0x30, s[i] <= 0x39 else { return nil }
                value = value * 10 + Int64(s[i] - 0x30)
            }
            return value
        }
        guard s.count >= 20, let year = digits(0, 4), s[4] == UInt8(ascii: "-"), let month = digits(5, 2),
            s[7] == UInt8(ascii: "-"), let day = digits(8, 2), s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: "t"),
            let hour = digits(11, 2), s[13] == UInt8(ascii: ":"), let minute = digits(14, 2),
            s[16] == UInt8(ascii: ":"), let second = digits(17, 2)
        else { throw invalid }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 60
        else { throw invalid }
        var i = 19
        var nanos: Int64 = 0
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            var scale: Int64 = 100_000_000
            let start = i
            while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                nanos += Int64(s[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > start, i - start <= 9 else { throw invalid }
        }
        guard i < s.count else { throw invalid }
        var offset: Int64 = 0
        if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
            i += 1
        } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            guard let oh = digits(i + 1, 2), i + 3 < s.count, s[i + 3] == UInt8(ascii: ":"), let om = digits(i + 4, 2),
                oh < 24, om < 60
            else { throw invalid }
            offset = (oh * 3600 + om * 60) * (s[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            throw invalid
        }
        guard i == s.count else { throw invalid }
        let seconds = days(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second - offset
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: nanosPerSecond)
        let (total, overflow2) = scaled.addingReportingOverflow(nanos)
        if overflow || overflow2 { throw CELError(.overflow, "timestamp out of range") }
        return total
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// RFC 3339 in UTC with as many fraction digits as needed (none for whole seconds).
    static func formatTimestamp(_ nanos: Int64) -> String {
        let (seconds, fraction) = floorDivide(nanos, nanosPerSecond)
        let (day, secondOfDay) = floorDivide(seconds, 86400)
        let date = civil(days: day)
        var text =
            pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2) + "T" + pad(secondOfDay / 3600, 2)
            + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fraction != 0 {
            var digits = pad(fraction, 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var q = a / b
        var r = a % b
        if r < 0 {
            q -= 1
            r += b
        }
        return (q, r)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    // MARK: - Durations

    /// Parses Go-style durations: `1h30m`, `-1.5h`, `300ms`, `10s`, `1us`, `2ns`.
    static func parseDuration(_ text: String) throws(CELError) -> Int64 {
        let invalid = CELError(.invalidArgument, "invalid duration \"\(text)\"")
        var rest = Substring(text)
        var sign: Int64 = 1
        if rest.first == "-" {
            sign = -1
            rest = rest.dropFirst()
        } else if rest.first == "+" {
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { throw invalid }
        if rest == "0" { return 0 }
        var total: Double = 0
        var exact: Int64 = 0
        var useExact = true
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", let value = Double(number) else { throw invalid }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            rest = rest.dropFirst(unitText.count)
            let unit: Int64
            switch unitText {
            case "h": unit = 3600 * nanosPerSecond
            case "m": unit = 60 * nanosPerSecond
            case "s": unit = nanosPerSecond
            case "ms": unit = 1_000_000
            case "us", "µs": unit = 1000
            case "ns": unit = 1
            default: throw invalid
            }
            total += value * Double(unit)
            if let whole = Int64(number) {
                let (product, o1) = whole.multipliedReportingOverflow(by: unit)
                let (sum, o2) = exact.addingReportingOverflow(product)
                if o1 || o2 { useExact = false } else { exact = sum }
            } else {
                useExact = false
            }
        }
        if useExact { return sign * exact }
        guard total.isFinite, abs(total) < 9.2e18 else { throw CELError(.overflow, "duration out of range") }
        return sign * Int64(total.rounded(.towardZero))
    }

    /// Seconds with a fraction only when needed: `5400s`, `1.5s`.
    static func formatDuration(_ nanos: Int64) -> String {
        let negative = nanos < 0
        let magnitude = nanos.magnitude
        let seconds = magnitude / UInt64(nanosPerSecond)
        let fraction = magnitude % UInt64(nanosPerSecond)
        var text = (negative ? "-" : "") + String(seconds)
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "s"
    }

    // MARK: - Calendar fields

    /// The offset from UTC, in seconds, of `zone` (an IANA name or `±HH:MM`) at `nanos`.
    static func offset(zone: String?, at nanos: Int64) throws(CELError) -> Int64 {
        guard let zone else { return 0 }
        let utf8 = Array(zone.utf8)
        if utf8.count == 6, utf8[0] == UInt8(ascii: "+") || utf8[0] == UInt8(ascii: "-"), utf8[3] == UInt8(ascii: ":"),
            let h = Int64(String(zone.dropFirst().prefix(2))), let m = Int64(String(zone.suffix(2)))
        {
            return (h * 3600 + m * 60) * (utf8[0] == UInt8(ascii: "-") ? -1 : 1)
        }
        guard let timeZone = TimeZone(identifier: zone) else {
            throw CELError(.invalidArgument, "unknown time zone \"\(zone)\"")
        }
        let date = Date(timeIntervalSince1970: Double(floorDivide(nanos, nanosPerSecond).0))
        return Int64(timeZone.secondsFromGMT(for: date))
    }

    static func field(_ name: String, timestamp nanos: Int64, zone: String?) throws(CELError) -> Int64? {
        let (seconds, fraction) = floorDivide(nanos, nanosPerSecond)
        let local = seconds + (try offset(zone: zone, at: nanos))
        let (day, secondOfDay) = floorDivide(local, 86400)
        let date = civil(days: day)
        switch name {
        case "getFullYear": return date.year
        case "getMonth": return date.month - 1
        case "getDate": return date.day
        case "getDayOfMonth": return date.day - 1
        case "getDayOfYear": return day - days(year: date.year, month: 1, day: 1)
        case "getDayOfWeek": return floorDivide(day + 4, 7).1  // 1970-01-01 was a Thursday
        case "getHours": return secondOfDay / 3600
        case "getMinutes": return secondOfDay / 60 % 60
        case "getSeconds": return secondOfDay % 60
        case "getMilliseconds": return fraction / 1_000_000
        default: return nil
        }
    }

    static func field(_ name: String, duration nanos: Int64) -> Int64? {
        switch name {
        case "getHours": return nanos / (3600 * nanosPerSecond)
        case "getMinutes": return nanos / (60 * nanosPerSecond)
        case "getSeconds": return nanos / nanosPerSecond
        case "getMilliseconds": return nanos / 1_000_000
        default: return nil
        }
    }
}
