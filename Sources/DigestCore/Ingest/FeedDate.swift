/// Reads the date forms feeds use, keeping the calendar day as the publisher wrote it.
///
/// Every form feedparser's date handlers read: RFC 822/2822/5322 (Mail's `RFC5322Date`, read
/// leniently) with any named zone, military letters, `+02:00` or `GMT+2` offsets, comments such
/// as `(UTC)`, long or localised day and month names, day and month swapped, no time or no zone;
/// RFC 3339, W3C-DTF and ISO 8601 (`2019-04-16T09:30:00Z`, `2019-04-16 09:30`, `20190416`,
/// `2019-106`, `2019-04`, `2019`); asctime (`Tue Apr 16 09:30:00 2019`); Perforce (`Tue,
/// 2019/04/16 09:30:00 EDT`); the Greek, Hungarian and Korean forms feedparser knows. The zone
/// is checked but not applied: an item dated late on 16 April in New York is a 16 April item.
/// A date of a year and month (or a year) is the first day of it, as feedparser reads it.
enum FeedDate {
    /// The day of `text`, or nil when it is none of the accepted forms.
    static func day(from text: String) -> Day? {
        var trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty, trimmed.count <= 80 else { return nil }
        trimmed = LocalizedDateNames.englished(trimmed)
        if let first = trimmed.first, first.isASCIIDigit, let day = iso8601(trimmed) { return day }
        return RFC5322Date(trimmed, lenient: true)?.day ?? asctime(trimmed)
    }

    // MARK: asctime

    /// `Tue Apr 16 09:30:00 2019`, `Tue Apr 16 09:30:00 +0000 2019`, `Tue Apr 16 09:30:00 UTC 2019`.
    private static func asctime(_ text: String) -> Day? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0).lowercased() }
        guard words.count == 5 || words.count == 6, RFC5322Date.isWeekday(words[0], lenient: true) else { return nil }
        if words.count == 6 {
            guard RFC5322Date.isZone(words[4], lenient: true) else { return nil }
            words.remove(at: 4)
        }
        guard let month = RFC5322Date.monthNumber(words[1], lenient: true), let day = RFC5322Date.dayNumber(words[2]),
            RFC5322Date.clock(words[3], lenient: true) != nil, words[4].count == 4, let year = Int(words[4])
        else { return nil }
        return Day(year: year, month: month, day: day)
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
        return RFC5322Date.isZone(String(rest).lowercased(), lenient: true)
    }

    private static func ordinal(year: Int, _ number: Int) -> Day? {
        guard let first = Day(year: year, month: 1, day: 1), (1...366).contains(number) else { return nil }
        let day = first.adding(days: number - 1)
        return day.year == year ? day : nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
