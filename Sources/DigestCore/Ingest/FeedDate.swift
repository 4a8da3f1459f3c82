/// Reads the date forms feeds use, keeping the calendar day as the publisher wrote it.
///
/// Every form feedparser's date handlers read: RFC 822/2822/5322 with any named zone, military
/// letters, `+02:00` or `GMT+2` offsets, comments such as `(UTC)`, long or localised day and
/// month names, day and month swapped, no time or no zone; RFC 3339, W3C-DTF and ISO 8601
/// (`2019-04-16T09:30:00Z`, `2019-04-16 09:30`, `20190416`, `2019-106`, `2019-04`, `2019`);
/// asctime (`Tue Apr 16 09:30:00 2019`); Perforce (`Tue, 2019/04/16 09:30:00 EDT`); the Greek,
/// Hungarian and Korean forms feedparser knows. The zone is checked but not applied: an item
/// dated late on 16 April in New York is a 16 April item. A date of a year and month (or a
/// year) is the first day of it, as feedparser reads it.
enum FeedDate {
    /// The day of `text`, or nil when it is none of the accepted forms.
    static func day(from text: String) -> Day? {
        var trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty, trimmed.count <= 80 else { return nil }
        trimmed = LocalizedDateNames.englished(trimmed)
        if let first = trimmed.first, first.isASCIIDigit, let day = iso8601(trimmed) { return day }
        return rfc822(trimmed, lenient: true) ?? asctime(trimmed)
    }

    /// The RFC 5322 date-time of a mail `Date` header (the check reads headers through this):
    /// `Tue, 16 Apr 2019 09:30:00 +0200`, `16 Apr 2019 09:30 GMT`, `Tue, 16 Apr 19 09:30:00 EST`,
    /// comments allowed, the obsolete named and military zones too.
    static func rfc822(_ text: String) -> Day? {
        rfc822(text, lenient: false)
    }

    // MARK: RFC 822 and its relatives

    /// One parser for mail and feeds: `lenient` adds what feeds write and RFC 5322 does not
    /// allow (any named zone, `+02:00`, long and swapped names, no time, `2019/04/16`).
    private static func rfc822(_ text: String, lenient: Bool) -> Day? {
        guard let uncommented = removingComments(text) else { return nil }
        var words = uncommented.split(whereSeparator: {
            $0 == " " || $0 == "\t" || $0 == "," || $0 == "\n" || $0 == "\r"
        })
        .map { String($0).lowercased() }
        if !lenient {
            // A comma may only follow the day name.
            let commas = uncommented.filter { $0 == "," }.count
            guard commas <= 1 else { return nil }
            if commas == 1, let first = uncommented.split(separator: ",").first,
                !weekdays.contains(first.trimmingWhitespace.lowercased())
            {
                return nil
            }
        }
        if let first = words.first, first.first?.isLetter == true, weekday(first, lenient: lenient) {
            words.removeFirst()
        }
        guard words.count >= 3 || (lenient && words.count == 1) else { return nil }
        var year: Int
        var month: Int
        var dayOfMonth: Int
        if lenient, let slashed = slashedDate(words[0]) {
            (year, month, dayOfMonth) = slashed
            words.removeFirst(1)
        } else {
            guard words.count >= 3 else { return nil }
            if let day = dayNumber(words[0]), let named = monthNumber(words[1], lenient: lenient) {
                (dayOfMonth, month) = (day, named)
            } else if lenient, let named = monthNumber(words[0], lenient: true), let day = dayNumber(words[1]) {
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
        if let time = words.first {
            guard clock(time, lenient: lenient) else { return nil }
            words.removeFirst()
            if lenient, let zone = words.first, zone.hasPrefix("+") || zone.hasPrefix("-"), words.count == 2,
                ["gmt", "utc", "ut"].contains(words[1])
            {
                words.removeLast()  // `+0200 GMT`
            }
            if !words.isEmpty {
                guard words.count == 1, isZone(words[0], lenient: lenient) else { return nil }
            }
        } else if !lenient {
            return nil
        }
        return Day(year: year, month: month, day: dayOfMonth)
    }

    /// `Tue Apr 16 09:30:00 2019`, `Tue Apr 16 09:30:00 +0000 2019`, `Tue Apr 16 09:30:00 UTC 2019`.
    private static func asctime(_ text: String) -> Day? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0).lowercased() }
        guard words.count == 5 || words.count == 6, weekday(words[0], lenient: true) else { return nil }
        if words.count == 6 {
            guard isZone(words[4], lenient: true) else { return nil }
            words.remove(at: 4)
        }
        guard let month = monthNumber(words[1], lenient: true), let day = dayNumber(words[2]),
            clock(words[3], lenient: true), words[4].count == 4, let year = Int(words[4])
        else { return nil }
        return Day(year: year, month: month, day: day)
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

    private static func weekday(_ word: String, lenient: Bool) -> Bool {
        let name = word.hasSuffix(".") ? String(word.dropLast()) : word
        if weekdays.contains(name) { return true }
        return lenient && name.count > 3 && weekdays.contains(String(name.prefix(3)))
            && longWeekdays.contains(name)
    }

    private static func dayNumber(_ word: String) -> Int? {
        guard (1...2).contains(word.count), word.allSatisfy(\.isASCIIDigit), let day = Int(word) else { return nil }
        return day
    }

    private static func monthNumber(_ word: String, lenient: Bool) -> Int? {
        guard lenient else {
            return word.count == 3 ? months.firstIndex(of: word).map { $0 + 1 } : nil
        }
        let name = word.hasSuffix(".") ? String(word.dropLast()) : word
        guard name.count >= 3, let index = months.firstIndex(of: String(name.prefix(3))) else { return nil }
        // `Apr`, `April`, `Sept`: a prefix of the month's English name.
        return longMonths[index].hasPrefix(name) ? index + 1 : nil
    }

    /// `HH:MM[:SS]`; lenient also takes one-digit fields and fractions (`9:5:00.25`).
    private static func clock(_ word: String, lenient: Bool) -> Bool {
        var text = Substring(word)
        if lenient, let dot = text.firstIndex(of: ".") {
            guard text[text.index(after: dot)...].allSatisfy(\.isASCIIDigit) else { return false }
            text = text[..<dot]
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return false }
        let widths: ClosedRange<Int> = lenient ? 1...2 : 2...2
        guard parts.allSatisfy({ widths.contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }) else { return false }
        let values = parts.compactMap { Int($0) }
        return values[0] < 24 && values[1] < 60 && (values.count == 2 || values[2] <= 60)
    }

    private static func isZone(_ word: String, lenient: Bool) -> Bool {
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
            if lenient {
                let parts = digits.split(separator: ":", omittingEmptySubsequences: false)
                if parts.count == 2 {
                    return offset(hours: parts[0], minutes: parts[1])
                }
                if (1...2).contains(digits.count) { return offset(hours: digits, minutes: "00") }
            }
            guard digits.count == 4 else { return false }
            return offset(hours: digits.prefix(2), minutes: digits.suffix(2))
        }
        if ["ut", "utc", "gmt", "z", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt"].contains(zone) {
            return true
        }
        // Military zones: one letter other than J.
        if zone.count == 1, let letter = zone.first, letter.isASCII, letter.isLetter, letter != "j" { return true }
        // Feeds write every zone name there is (CEST, BST, AEDT, IST…); the zone is not applied anyway.
        return lenient && (2...5).contains(zone.count) && zone.allSatisfy { $0.isASCII && $0.isLetter }
    }

    private static func offset(hours: Substring, minutes: Substring) -> Bool {
        guard (1...2).contains(hours.count), minutes.count == 2, hours.allSatisfy(\.isASCIIDigit),
            minutes.allSatisfy(\.isASCIIDigit), let h = Int(hours), let m = Int(minutes)
        else { return false }
        return h < 24 && m < 60
    }

    // MARK: ISO 8601, W3C-DTF, RFC 3339

    /// `2019-04-16`, `2019-04-16T09:30:00Z`, `2019-04-16T09:30:00.123+02:00`, `2019-04-16 09:30:00`,
    /// `20190416T093000Z`, `2019-106` (ordinal), `2019-04`, `2019`, `19-04-16`.
    static func iso8601(_ text: String) -> Day? {
        var rest = Substring(text)
        let digits = rest.prefix(while: \.isASCIIDigit)
        var day: Day?
        switch digits.count {
        case 4:
            let year = Int(digits)!
            rest = rest.dropFirst(4)
            if rest.isEmpty { return Day(year: year, month: 1, day: 1) }
            guard rest.first == "-" else { return nil }
            rest = rest.dropFirst()
            let second = rest.prefix(while: \.isASCIIDigit)
            rest = rest.dropFirst(second.count)
            if second.count == 3 {
                day = ordinal(year: year, Int(second)!)
            } else if second.count == 2 || (second.count == 1 && rest.first == "-") {
                let month = Int(second)!
                if rest.isEmpty { return (1...12).contains(month) ? Day(year: year, month: month, day: 1) : nil }
                guard rest.first == "-" else { return nil }
                rest = rest.dropFirst()
                let third = rest.prefix(while: \.isASCIIDigit)
                guard (1...2).contains(third.count) else { return nil }
                rest = rest.dropFirst(third.count)
                day = Day(year: year, month: month, day: Int(third)!)
            } else {
                return nil
            }
        case 8:
            rest = rest.dropFirst(8)
            day = Day(
                year: Int(digits.prefix(4))!, month: Int(digits.dropFirst(4).prefix(2))!, day: Int(digits.suffix(2))!)
        case 7:
            rest = rest.dropFirst(7)
            day = ordinal(year: Int(digits.prefix(4))!, Int(digits.suffix(3))!)
        case 2, 6:
            // Two-digit years: `19-04-16`, `190416`.
            let compact = digits.count == 6
            var parts: [Int] = []
            if compact {
                parts = [Int(digits.prefix(2))!, Int(digits.dropFirst(2).prefix(2))!, Int(digits.suffix(2))!]
                rest = rest.dropFirst(6)
            } else {
                let pieces = rest.prefix(8).split(separator: "-", omittingEmptySubsequences: false)
                guard pieces.count == 3, pieces.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }) else {
                    return nil
                }
                parts = pieces.map { Int($0)! }
                rest = rest.dropFirst(8)
            }
            day = Day(year: 2000 + parts[0], month: parts[1], day: parts[2])
        default:
            return nil
        }
        guard let day else { return nil }
        return time(rest) ? day : nil
    }

    /// What may follow an ISO date: nothing, or `T`/space/nothing and a time, then a zone.
    private static func time(_ text: Substring) -> Bool {
        var rest = text
        if rest.isEmpty { return true }
        if rest.first == "T" || rest.first == "t" || rest.first == " " { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " }
        // Hours and minutes, with or without colons (basic form), then optional seconds.
        func pair() -> Int? {
            let two = rest.prefix(2)
            guard two.count == 2, two.allSatisfy(\.isASCIIDigit) else { return nil }
            rest = rest.dropFirst(2)
            return Int(two)
        }
        let oneDigitHour = rest.count >= 2 && rest.first!.isASCIIDigit && rest.dropFirst().first == ":"
        let hours: Int?
        if oneDigitHour {
            hours = Int(String(rest.first!))
            rest = rest.dropFirst()
        } else {
            hours = pair()
        }
        guard let hours, hours <= 24 else { return false }
        let colon = rest.first == ":"
        if colon { rest = rest.dropFirst() }
        guard let minutes = pair(), minutes < 60 else { return false }
        if rest.first == ":" || (!colon && rest.first?.isASCIIDigit == true) {
            if rest.first == ":" { rest = rest.dropFirst() }
            guard let seconds = pair(), seconds <= 60 else { return false }
        }
        if rest.first == "." || rest.first == "," {
            rest = rest.dropFirst()
            let fraction = rest.prefix(while: \.isASCIIDigit)
            guard !fraction.isEmpty else { return false }
            rest = rest.dropFirst(fraction.count)
        }
        rest = rest.drop { $0 == " " }
        if rest.isEmpty || rest == "Z" || rest == "z" { return true }
        return isZone(String(rest).lowercased(), lenient: true)
    }

    private static func ordinal(year: Int, _ number: Int) -> Day? {
        guard let first = Day(year: year, month: 1, day: 1), (1...366).contains(number) else { return nil }
        let day = first.adding(days: number - 1)
        return day.year == year ? day : nil
    }

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
