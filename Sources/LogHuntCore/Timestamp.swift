/// An instant in UTC, held as nanoseconds since the Unix epoch.
///
/// Parses every form the supported sources use: ISO-8601/RFC 3339 with 0–9 fractional
/// digits and `Z` or a `±HH:MM` offset, a space instead of `T` (Panther), a date alone,
/// and epoch numbers in seconds, milliseconds, microseconds or nanoseconds (chosen by magnitude).
package struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    package var nanoseconds: Int64

    /// Creates a timestamp from nanoseconds since the epoch.
    package init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Creates a timestamp from whole seconds since the epoch.
    package init(seconds: Int64) { self.nanoseconds = seconds &* 1_000_000_000 }

    /// Seconds since the epoch (floor).
    package var seconds: Int64 {
        nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000
    }

    package static func < (a: Timestamp, b: Timestamp) -> Bool { a.nanoseconds < b.nanoseconds }

    /// Adds a number of nanoseconds.
    package func adding(nanoseconds delta: Int64) -> Timestamp {
        Timestamp(nanoseconds: nanoseconds &+ delta)
    }

    // MARK: Parsing

    /// Parses an epoch number, choosing the unit by magnitude: below 10^11 seconds,
    /// below 10^14 milliseconds, below 10^17 microseconds, else nanoseconds.
    package init?(epoch value: Double) {
        guard value.isFinite else { return nil }
        let magnitude = abs(value)
        let ns: Double
        if magnitude < 1e11 {
            ns = value * 1e9
        } else if magnitude < 1e14 {
            ns = value * 1e6
        } else if magnitude < 1e17 {
            ns = value * 1e3
        } else {
            ns = value
        }
        guard ns > -9.2e18, ns < 9.2e18 else { return nil }
        self.nanoseconds = Int64(ns.rounded())
    }

    /// Parses a textual timestamp: ISO-8601 (with or without time, fraction, offset), or a
    /// numeric epoch string such as `"1624445969188.000000"`.
    package init?(parsing text: some StringProtocol) {
        self.init(utf8: text.utf8)
    }

    /// Parses UTF-8 bytes of a timestamp (as `init?(parsing:)` does their text), without
    /// making a `String` of them first.
    package init?(utf8 text: some Collection<UInt8>) {
        let bytes = Array(text)
        guard let value = bytes.withUnsafeBytes({ Timestamp.parse($0) }) else { return nil }
        self = value
    }

    /// `init?(utf8:)` for bytes in place (a record's string): nothing is copied.
    package init?(utf8 text: UnsafeRawBufferPointer) {
        guard let value = Timestamp.parse(text) else { return nil }
        self = value
    }

    /// The timestamp `text` (spaces around it ignored) spells: ISO 8601, else epoch digits.
    private static func parse(_ text: UnsafeRawBufferPointer) -> Timestamp? {
        var lower = 0
        var upper = text.count
        while upper > lower, text[upper - 1] == 0x20 { upper -= 1 }
        while lower < upper, text[lower] == 0x20 { lower += 1 }
        guard lower < upper, let base = text.baseAddress else { return nil }
        let bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + lower, count: upper - lower)
        if let value = Timestamp.parseISO(bytes) { return value }
        // Numeric epoch text, read exactly (no floating point) when it is digits[.digits].
        return Timestamp.parseEpochText(bytes)
    }

    /// Epoch text such as `1671440412331` or `1624445969188.000000`, unit chosen by magnitude.
    private static func parseEpochText(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var i = 0
        var negative = false
        if i < b.count, b[i] == 0x2D || b[i] == 0x2B {
            negative = b[i] == 0x2D
            i += 1
        }
        var whole: Int64 = 0
        var wholeDigits = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
            guard wholeDigits < 19 else { return nil }
            whole = whole * 10 + Int64(b[i] - 0x30)
            wholeDigits += 1
            i += 1
        }
        guard wholeDigits > 0 else { return nil }
        var frac: Int64 = 0
        var fracDigits = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if fracDigits < 9 {
                    frac = frac * 10 + Int64(b[i] - 0x30)
                    fracDigits += 1
                }
                i += 1
            }
        }
        guard i == b.count else { return nil }
        while fracDigits < 9 {
            frac *= 10
            fracDigits += 1
        }
        // frac is now in units of 1e-9 of the whole unit.
        let unitNanos: Int64
        if whole < 100_000_000_000 {
            unitNanos = 1_000_000_000
        } else if whole < 100_000_000_000_000 {
            unitNanos = 1_000_000
        } else if whole < 100_000_000_000_000_000 {
            unitNanos = 1_000
        } else {
            unitNanos = 1
        }
        let (base, overflow) = whole.multipliedReportingOverflow(by: unitNanos)
        guard !overflow else { return nil }
        let extra = frac * unitNanos / 1_000_000_000
        let total = base + extra
        return Timestamp(nanoseconds: negative ? -total : total)
    }

    private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        guard at + count <= b.count else { return nil }
        var v = 0
        for i in at..<(at + count) {
            let c = b[i]
            guard c >= 0x30, c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    private static func parseISO(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        // YYYY-MM-DD
        guard b.count >= 10, let year = digits(b, 0, 4), b[4] == 0x2D, let month = digits(b, 5, 2), b[7] == 0x2D,
            let day = digits(b, 8, 2)
        else { return nil }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var nanos: Int64 = 0
        var offsetSeconds = 0
        var i = 10
        if i < b.count {
            guard b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 else { return nil }  // T, t, space
            i += 1
            guard let h = digits(b, i, 2), i + 2 < b.count, b[i + 2] == 0x3A, let m = digits(b, i + 3, 2) else {
                return nil
            }
            hour = h
            minute = m
            i += 5
            if i < b.count, b[i] == 0x3A {
                guard let s = digits(b, i + 1, 2) else { return nil }
                second = s
                i += 3
            }
            if i < b.count, b[i] == 0x2E || b[i] == 0x2C {
                i += 1
                var count = 0
                var frac: Int64 = 0
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                    if count < 9 {
                        frac = frac * 10 + Int64(b[i] - 0x30)
                        count += 1
                    }
                    i += 1
                }
                guard count > 0 else { return nil }
                while count < 9 {
                    frac *= 10
                    count += 1
                }
                nanos = frac
            }
            if i < b.count {
                switch b[i] {
                case 0x5A, 0x7A:  // Z z
                    i += 1
                case 0x2B, 0x2D:  // + -
                    let sign = b[i] == 0x2D ? -1 : 1
                    guard let oh = digits(b, i + 1, 2) else { return nil }
                    var om = 0
                    var j = i + 3
                    if j < b.count, b[j] == 0x3A { j += 1 }
                    if let m2 = digits(b, j, 2) {
                        om = m2
                        j += 2
                    }
                    offsetSeconds = sign * (oh * 3600 + om * 60)
                    i = j
                default:
                    return nil
                }
            }
            // Tolerate a trailing " UTC".
            if i < b.count {
                let rest = String(decoding: b[i...], as: UTF8.self)
                guard rest == " UTC" || rest == " GMT" else { return nil }
            }
            guard hour <= 24, minute <= 59, second <= 60 else { return nil }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let secs = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return Timestamp(nanoseconds: secs &* 1_000_000_000 &+ nanos)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date and time of day of this instant, in UTC.
    package var components: Components {
        let secs = seconds
        var days = Int(secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400)
        let secOfDay = Int(secs - Int64(days) * 86_400)
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        let nanos = Int(nanoseconds - secs * 1_000_000_000)
        return Components(
            year: y, month: m, day: d, hour: secOfDay / 3600, minute: (secOfDay % 3600) / 60,
            second: secOfDay % 60, nanosecond: nanos)
    }

    /// Broken-down UTC time.
    package struct Components: Sendable, Hashable {
        package var year: Int
        package var month: Int
        package var day: Int
        package var hour: Int
        package var minute: Int
        package var second: Int
        package var nanosecond: Int

        /// ISO week number (1–53).
        package var isoWeek: Int {
            let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
            let weekday = ((days % 7) + 7 + 3) % 7 + 1  // Monday = 1
            let jan1 = Timestamp.daysFromCivil(year: year, month: 1, day: 1)
            let ordinal = days - jan1 + 1
            var week = (ordinal - weekday + 10) / 7
            if week < 1 {
                week =
                    Timestamp.Components(
                        year: year - 1, month: 12, day: 28, hour: 0, minute: 0, second: 0, nanosecond: 0
                    ).isoWeek
            } else if week == 53 {
                let dec31 = Timestamp.daysFromCivil(year: year, month: 12, day: 31)
                let dec31Weekday = ((dec31 % 7) + 7 + 3) % 7 + 1
                if dec31Weekday < 4 { week = 1 }
            }
            return week
        }
    }

    // MARK: Formatting

    /// ISO-8601 in UTC: `2022-12-22T01:02:03Z`, with a fraction (trailing zeros trimmed) when not whole.
    package var iso8601: String {
        let c = components
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        var out =
            "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
        if c.nanosecond != 0 {
            var frac = pad(c.nanosecond, 9)
            while frac.hasSuffix("0") { frac.removeLast() }
            out += "." + frac
        }
        return out + "Z"
    }

    /// `YYYY-MM-DD` of the instant in UTC.
    package var day: String { String(iso8601.prefix(10)) }

    package var description: String { iso8601 }
}

/// A span of time such as `10m`, `14d` (Sigma timespans: s, m, h, d, w, M, y).
package struct TimeSpan: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Length in nanoseconds.
    package var nanoseconds: Int64
    /// The text it was parsed from.
    package var text: String

    /// Parses `<int><unit>` with unit s, m, h, d, w, M (30 days) or y (365 days).
    package init?(parsing raw: String) {
        let s = raw.trimmingCharacters(in: " ")
        guard let unit = s.last, let n = Int64(s.dropLast()), n >= 0 else { return nil }
        let secs: Int64
        switch unit {
        case "s": secs = 1
        case "m": secs = 60
        case "h": secs = 3600
        case "d": secs = 86_400
        case "w": secs = 7 * 86_400
        case "M": secs = 30 * 86_400
        case "y": secs = 365 * 86_400
        default: return nil
        }
        let (product, overflow) = n.multipliedReportingOverflow(by: secs * 1_000_000_000)
        guard !overflow else { return nil }
        self.nanoseconds = product
        self.text = s
    }

    package var description: String { text }
}

extension StringProtocol {
    /// The string with leading and trailing occurrences of `character` removed.
    package func trimmingCharacters(in character: Character) -> String {
        var sub = Substring(self)
        while sub.first == character { sub.removeFirst() }
        while sub.last == character { sub.removeLast() }
        return String(sub)
    }
}
