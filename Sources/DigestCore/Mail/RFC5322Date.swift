/// A date-time as RFC 5322 writes it (§3.3, with the obsolete forms of §4.3): the one parser
/// for a mail `Date:` header (`digest check`, `digest archive`) and, leniently, for the RFC 822
/// dates of feeds (`FeedDate`).
///
/// Strict: `Tue, 16 Apr 2019 09:30:00 +0200`, `16 Apr 2019 09:30 GMT`, `Tue, 16 Apr 19 09:30:00
/// EST`, comments such as `(CEST)`, two- and three-digit years, the named and military zones.
/// Lenient adds what feeds write and RFC 5322 does not allow: any named zone (`CEST`, `BST`),
/// `+02:00` and `GMT+2` offsets, long, dotted and swapped day and month names, one-digit or
/// fractional clock fields, no time at all, and Perforce's `2019/04/16`.
package struct RFC5322Date: Hashable, Sendable {
    /// The calendar day as written (the zone is not applied).
    package var day: Day
    /// Seconds since midnight as written; nil when a lenient date has no time.
    package var secondsOfDay: Int?
    /// The zone's offset east of UTC, in seconds; nil when the zone is missing or a name that
    /// says nothing certain (a military letter, which RFC 5322 §4.3 reads as `-0000`, or a name
    /// only feeds use).
    package var zoneOffset: Int?

    /// Reads `text`; nil when it is not a date of the form asked for.
    package init?(_ text: String, lenient: Bool = false) {
        guard let uncommented = Self.removingComments(text) else { return nil }
        var words = uncommented.split(whereSeparator: {
            $0 == " " || $0 == "\t" || $0 == "," || $0 == "\n" || $0 == "\r"
        })
        .map { String($0).lowercased() }
        if !lenient {
            // A comma may only follow the day name.
            let commas = uncommented.filter { $0 == "," }.count
            guard commas <= 1 else { return nil }
            if commas == 1, let first = uncommented.split(separator: ",").first,
                !Self.weekdays.contains(first.trimmingWhitespace.lowercased())
            {
                return nil
            }
        }
        if let first = words.first, first.first?.isLetter == true, Self.isWeekday(first, lenient: lenient) {
            words.removeFirst()
        }
        guard words.count >= 3 || (lenient && words.count == 1) else { return nil }
        var year: Int
        var month: Int
        var dayOfMonth: Int
        if lenient, let slashed = Self.slashedDate(words[0]) {
            (year, month, dayOfMonth) = slashed
            words.removeFirst(1)
        } else {
            guard words.count >= 3 else { return nil }
            if let day = Self.dayNumber(words[0]), let named = Self.monthNumber(words[1], lenient: lenient) {
                (dayOfMonth, month) = (day, named)
            } else if lenient, let named = Self.monthNumber(words[0], lenient: true), let day = Self.dayNumber(words[1])
            {
                (dayOfMonth, month) = (day, named)
            } else {
                return nil
            }
            guard words[2].allSatisfy(\.isASCIIDigit), let written = Int(words[2]) else { return nil }
            switch words[2].count {
            case 2: year = written + (written < (lenient ? 90 : 50) ? 2000 : 1900)
            case 3 where !lenient: year = written + 1900
            case 4: year = written
            default: return nil
            }
            words.removeFirst(3)
        }
        guard let day = Day(year: year, month: month, day: dayOfMonth) else { return nil }
        self.day = day
        if let time = words.first {
            guard let seconds = Self.clock(time, lenient: lenient) else { return nil }
            secondsOfDay = seconds
            words.removeFirst()
            if lenient, let zone = words.first, zone.hasPrefix("+") || zone.hasPrefix("-"), words.count == 2,
                ["gmt", "utc", "ut"].contains(words[1])
            {
                words.removeLast()  // `+0200 GMT`
            }
            if !words.isEmpty {
                guard words.count == 1, let zone = Self.zone(words[0], lenient: lenient) else { return nil }
                zoneOffset = zone
            }
        } else if !lenient {
            return nil
        }
    }

    /// The moment in UTC, the zone applied (a missing or uncertain zone read as UTC, a missing
    /// time as midnight).
    package var moment: MailDate {
        MailDate(secondsSinceEpoch: day.daysSinceEpoch * 86_400 + (secondsOfDay ?? 0) - (zoneOffset ?? 0))
    }

    // MARK: The words of a date, also read by FeedDate's asctime and ISO 8601 forms

    /// A day name: `tue`, `tue.`; lenient also `tuesday`, `thurs`.
    static func isWeekday(_ word: String, lenient: Bool) -> Bool {
        let name = word.hasSuffix(".") ? String(word.dropLast()) : word
        if weekdays.contains(name) { return true }
        return lenient && name.count > 3 && weekdays.contains(String(name.prefix(3)))
            && longWeekdays.contains(name)
    }

    /// A day of the month, one or two digits.
    static func dayNumber(_ word: String) -> Int? {
        guard (1...2).contains(word.count), word.allSatisfy(\.isASCIIDigit), let day = Int(word) else { return nil }
        return day
    }

    /// 1…12 for `apr`; lenient also `april`, `sept`, `apr.`.
    static func monthNumber(_ word: String, lenient: Bool) -> Int? {
        guard lenient else {
            return word.count == 3 ? months.firstIndex(of: word).map { $0 + 1 } : nil
        }
        let name = word.hasSuffix(".") ? String(word.dropLast()) : word
        guard name.count >= 3, let index = months.firstIndex(of: String(name.prefix(3))) else { return nil }
        // `Apr`, `April`, `Sept`: a prefix of the month's English name.
        return longMonths[index].hasPrefix(name) ? index + 1 : nil
    }

    /// The seconds since midnight of `HH:MM[:SS]`; lenient also takes one-digit fields and
    /// fractions (`9:5:00.25`). A leap second (`:60`) is allowed.
    static func clock(_ word: String, lenient: Bool) -> Int? {
        var text = Substring(word)
        if lenient, let dot = text.firstIndex(of: ".") {
            guard text[text.index(after: dot)...].allSatisfy(\.isASCIIDigit) else { return nil }
            text = text[..<dot]
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let widths: ClosedRange<Int> = lenient ? 1...2 : 2...2
        guard parts.allSatisfy({ widths.contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let values = parts.compactMap { Int($0) }
        guard values[0] < 24, values[1] < 60, values.count == 2 || values[2] <= 60 else { return nil }
        return values[0] * 3600 + values[1] * 60 + (values.count == 3 ? values[2] : 0)
    }

    /// Whether `word` (lowercased) is a zone of the form asked for.
    static func isZone(_ word: String, lenient: Bool) -> Bool {
        zone(word, lenient: lenient) != nil
    }

    /// The offset of a zone (lowercased) in seconds east of UTC: `Optional(nil)` for a zone
    /// that is valid but says nothing certain, nil for no zone.
    private static func zone(_ word: String, lenient: Bool) -> Int?? {
        var zone = Substring(word)
        if lenient {
            if zone.hasPrefix("etc/") { zone = zone.dropFirst(4) }
            for name in ["gmt", "utc", "ut"] where zone.hasPrefix(name) && zone.count > name.count {
                let rest = zone.dropFirst(name.count)
                if rest.first == "+" || rest.first == "-" {
                    zone = rest
                    break
                }
            }
        }
        if let sign = zone.first, sign == "+" || sign == "-" {
            let digits = zone.dropFirst()
            let offset: Int?
            if lenient, case let parts = digits.split(separator: ":", omittingEmptySubsequences: false),
                parts.count == 2
            {
                offset = Self.offset(hours: parts[0], minutes: parts[1])
            } else if lenient, (1...2).contains(digits.count) {
                offset = Self.offset(hours: digits, minutes: "00")
            } else {
                guard digits.count == 4 else { return nil }
                offset = Self.offset(hours: digits.prefix(2), minutes: digits.suffix(2))
            }
            guard let offset else { return nil }
            return .some(sign == "-" ? -offset : offset)
        }
        if let hours = namedZones[String(zone)] { return .some(hours * 3600) }
        // Military zones: one letter other than J; RFC 5322 §4.3 reads them as `-0000`.
        if zone.count == 1, let letter = zone.first, letter.isASCII, letter.isLetter, letter != "j" {
            return .some(nil)
        }
        // Feeds write every zone name there is (CEST, BST, AEDT, IST…); the zone is not applied anyway.
        if lenient, (2...5).contains(zone.count), zone.allSatisfy({ $0.isASCII && $0.isLetter }) { return .some(nil) }
        return nil
    }

    /// Seconds of `hours` and `minutes`, when they make an offset below 24 hours.
    private static func offset(hours: Substring, minutes: Substring) -> Int? {
        guard (1...2).contains(hours.count), minutes.count == 2, hours.allSatisfy(\.isASCIIDigit),
            minutes.allSatisfy(\.isASCIIDigit), let h = Int(hours), let m = Int(minutes), h < 24, m < 60
        else { return nil }
        return h * 3600 + m * 60
    }

    /// `2019/04/16` (Perforce), as year, month, day.
    private static func slashedDate(_ word: String) -> (Int, Int, Int)? {
        let parts = word.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return (year, month, day)
    }

    /// The text without `(comments)`; nil when the parentheses do not balance.
    private static func removingComments(_ text: String) -> String? {
        guard text.contains("(") || text.contains(")") else { return text }
        var result = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
                result.append(" ")
            } else if character == ")" {
                depth -= 1
                guard depth >= 0 else { return nil }
            } else if depth == 0 {
                result.append(character)
            }
        }
        return depth == 0 ? result : nil
    }

    /// RFC 5322's named zones (§4.3) and their offsets in hours.
    private static let namedZones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7,
    ]
    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let longWeekdays: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tues", "thur", "thurs",
    ]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let longMonths = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
