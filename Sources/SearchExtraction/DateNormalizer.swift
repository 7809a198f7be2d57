/// Turns the many ways pages write a publication date into an ISO 8601 calendar date ("YYYY-MM-DD").
///
/// The date is the one written on the page (its local date); no time zone arithmetic is done, so
/// "2023-08-05T01:00:00+09:00" stays 2023-08-05.
public enum DateNormalizer {
    /// The calendar date in `text` as "YYYY-MM-DD", or nil if none is recognised.
    public static func isoDate(_ text: String) -> String? {
        let s = text.trimmedWhitespace
        guard !s.isEmpty, s.utf8.count < 200 else { return nil }
        let b = Array(s.utf8)
        if let date = numericYearFirst(b) { return date }
        if let date = epoch(b) { return date }
        if let date = textual(s) { return date }
        if let date = numericYearLast(b) { return date }
        return nil
    }

    static func format(_ year: Int, _ month: Int, _ day: Int) -> String? {
        guard (1900...2100).contains(year), (1...12).contains(month), (1...daysIn(month, year)).contains(day) else {
            return nil
        }
        let y = String(year)
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(y)-\(m)-\(d)"
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var value = 0
        for k in start..<start + count {
            let d = b[k] &- 0x30
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    /// "2023-08-05…", "2023/08/05", "2023.8.5", "20230805…", found at the start or after a word boundary.
    static func numericYearFirst(_ b: [UInt8]) -> String? {
        var i = 0
        while i + 8 <= b.count {
            let boundary = i == 0 || !(b[i - 1] &- 0x30 < 10)
            if boundary, let year = digits(b, i, 4), (1900...2100).contains(year) {
                let sep = i + 4 < b.count ? b[i + 4] : 0
                if sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") {
                    var j = i + 5
                    var month = 0
                    var n = 0
                    while j < b.count, b[j] &- 0x30 < 10, n < 2 {
                        month = month * 10 + Int(b[j] &- 0x30)
                        j += 1
                        n += 1
                    }
                    if n > 0, j < b.count, b[j] == sep {
                        j += 1
                        var day = 0
                        n = 0
                        while j < b.count, b[j] &- 0x30 < 10, n < 2 {
                            day = day * 10 + Int(b[j] &- 0x30)
                            j += 1
                            n += 1
                        }
                        if n > 0, j == b.count || !(b[j] &- 0x30 < 10), let date = format(year, month, day) {
                            return date
                        }
                    }
                } else if let month = digits(b, i + 4, 2), let day = digits(b, i + 6, 2),
                    i + 8 == b.count || !(b[i + 8] &- 0x30 < 10), let date = format(year, month, day)
                {
                    return date
                }
            }
            i += 1
        }
        return nil
    }

    /// Unix time in seconds (10 digits) or milliseconds (13 digits), the whole string.
    static func epoch(_ b: [UInt8]) -> String? {
        guard b.count == 10 || b.count == 13, let value = digits(b, 0, b.count) else { return nil }
        let seconds = b.count == 13 ? value / 1000 : value
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = seconds / 86_400 + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return format(year, month, day)
    }

    private static let months: [(String, Int)] = [
        ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7),
        ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12), ("sept", 9),
        ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("sep", 9),
        ("oct", 10), ("nov", 11), ("dec", 12),
    ]

    /// "August 5, 2023", "5 Aug 2023", "Sat, 05 Aug 2023 09:00:00 GMT", "Aug. 5th, 2023".
    static func textual(_ s: String) -> String? {
        let words = s.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        var month: Int?
        var monthIndex = -1
        for (k, w) in words.enumerated() {
            if let m = months.first(where: { $0.0 == w })?.1 {
                month = m
                monthIndex = k
                break
            }
        }
        guard let month else { return nil }
        var year: Int?
        var day: Int?
        func number(_ w: String) -> Int? {
            let digits = w.prefix { $0.isASCII && $0.isNumber }
            let rest = w.dropFirst(digits.count)
            guard !digits.isEmpty, rest.isEmpty || ["st", "nd", "rd", "th"].contains(String(rest)) else { return nil }
            return Int(digits)
        }
        // Prefer numbers next to the month name.
        let order = [monthIndex + 1, monthIndex - 1, monthIndex + 2, monthIndex - 2, monthIndex + 3]
        for k in order where k >= 0 && k < words.count {
            guard let v = number(words[k]) else { continue }
            if v >= 1900, v <= 2100, year == nil, words[k].count == 4 {
                year = v
            } else if v >= 1, v <= 31, day == nil {
                day = v
            }
        }
        if year == nil {
            for w in words where w.count == 4 {
                if let v = Int(w), v >= 1900, v <= 2100 {
                    year = v
                    break
                }
            }
        }
        guard let year, let day else { return nil }
        return format(year, month, day)
    }

    /// "08/05/2023" (month first, as US pages write it) or "05.08.2023" (day first).
    static func numericYearLast(_ b: [UInt8]) -> String? {
        var parts: [Int] = []
        var separator: UInt8 = 0
        var value = 0
        var length = 0
        for c in b + [0x20] {
            if c &- 0x30 < 10 {
                // A run longer than a year's four digits is no date part (and must not overflow `value`).
                value = length < 4 ? value * 10 + Int(c &- 0x30) : -1
                length += 1
                continue
            }
            if length > 0 { parts.append(value) }
            if parts.count == 3 { break }
            if length > 0, parts.count < 3 {
                if c == UInt8(ascii: "/") || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") {
                    if separator == 0 { separator = c } else if separator != c { return nil }
                } else {
                    parts.removeAll()
                    separator = 0
                }
            }
            value = 0
            length = 0
        }
        guard parts.count == 3, parts[2] >= 1900 else { return nil }
        if separator == UInt8(ascii: "/") {
            return format(parts[2], parts[0], parts[1]) ?? format(parts[2], parts[1], parts[0])
        }
        return format(parts[2], parts[1], parts[0])
    }
}
