/// Reads the date forms feeds use, keeping the calendar day as the publisher wrote it.
///
/// RFC 822 / RFC 2822 (`Tue, 16 Apr 2019 09:30:00 +0200`, `GMT`, `EST`, military zones, two-digit
/// years) for RSS; RFC 3339 (`2019-04-16T09:30:00Z`, with or without fractions and with a
/// numeric offset) for Atom, JSON Feed and front matter; a bare `2019-04-16` too. The zone is
/// checked but not applied: an item dated late on 16 April in New York is a 16 April item.
enum FeedDate {
    /// The day of `text`, or nil when it is none of the accepted forms.
    static func day(from text: String) -> Day? {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty, trimmed.count <= 64 else { return nil }
        if let first = trimmed.first, first.isNumber, trimmed.count >= 10,
            trimmed[trimmed.index(trimmed.startIndex, offsetBy: 4)] == "-"
        {
            return rfc3339(trimmed)
        }
        return rfc822(trimmed)
    }

    /// `2019-04-16`, `2019-04-16T09:30:00Z`, `2019-04-16T09:30:00.123+02:00`, `2019-04-16 09:30:00`.
    static func rfc3339(_ text: String) -> Day? {
        let characters = Array(text)
        guard let day = Day(iso: String(characters.prefix(10))) else { return nil }
        if characters.count == 10 { return day }
        guard "Tt ".contains(characters[10]) else { return nil }
        var rest = characters[11...]
        guard let time = clock(&rest, secondsRequired: false) else { return nil }
        _ = time
        if rest.first == "." || rest.first == "," {
            rest = rest.dropFirst()
            let fraction = rest.prefix(while: \.isASCIIDigit)
            guard !fraction.isEmpty else { return nil }
            rest = rest.dropFirst(fraction.count)
        }
        if rest.isEmpty { return day }  // Local time: common in front matter.
        if rest == ["Z"] || rest == ["z"] { return day }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let zone = String(rest.dropFirst()).replacingColon
        guard zone.count == 4, zone.allSatisfy(\.isASCIIDigit), let hours = Int(zone.prefix(2)),
            let minutes = Int(zone.suffix(2)), hours < 24, minutes < 60
        else { return nil }
        return day
    }

    /// `Tue, 16 Apr 2019 09:30:00 +0200`, `16 Apr 2019 09:30 GMT`, `Tue, 16 Apr 19 09:30:00 EST`.
    static func rfc822(_ text: String) -> Day? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = words.first, first.hasSuffix(",") || weekdays.contains(first.lowercased()) {
            guard weekdays.contains(first.lowercased().trimmingComma) else { return nil }
            words.removeFirst()
        } else if let first = words.first, first.contains(",") {
            // `Tue,16 Apr 2019 …`
            let parts = first.split(separator: ",", maxSplits: 1).map(String.init)
            guard parts.count == 2, weekdays.contains(parts[0].lowercased()) else { return nil }
            words[0] = parts[1]
        }
        guard words.count == 5 || words.count == 4 else { return nil }
        guard let dayOfMonth = Int(words[0]), words[0].count <= 2,
            let month = months.firstIndex(of: String(words[1].lowercased().prefix(3))), words[1].count >= 3,
            words[2].allSatisfy(\.isASCIIDigit), var year = Int(words[2])
        else { return nil }
        switch words[2].count {
        case 2: year += year < 50 ? 2000 : 1900
        case 4: break
        default: return nil
        }
        var clockText = Array(words[3])[...]
        guard clock(&clockText, secondsRequired: false) != nil, clockText.isEmpty else { return nil }
        if words.count == 5 {
            guard isZone(words[4]) else { return nil }
        }
        return Day(year: year, month: month + 1, day: dayOfMonth)
    }

    /// `HH:MM[:SS]`, consumed from the front of `text`.
    private static func clock(_ text: inout ArraySlice<Character>, secondsRequired: Bool) -> Int? {
        func number() -> Int? {
            let digits = text.prefix(2)
            guard digits.count == 2, digits.allSatisfy(\.isASCIIDigit) else { return nil }
            text = text.dropFirst(2)
            return Int(String(digits))
        }
        guard let hours = number(), hours < 24, text.first == ":" else { return nil }
        text = text.dropFirst()
        guard let minutes = number(), minutes < 60 else { return nil }
        var seconds = 0
        if text.first == ":" {
            text = text.dropFirst()
            guard let value = number(), value <= 60 else { return nil }
            seconds = value
        } else if secondsRequired {
            return nil
        }
        return hours * 3600 + minutes * 60 + seconds
    }

    private static func isZone(_ word: String) -> Bool {
        if let sign = word.first, sign == "+" || sign == "-" {
            let digits = word.dropFirst()
            guard digits.count == 4, digits.allSatisfy(\.isASCIIDigit), let hours = Int(digits.prefix(2)),
                let minutes = Int(digits.suffix(2))
            else { return false }
            return hours < 24 && minutes < 60
        }
        let upper = word.uppercased()
        if ["UT", "UTC", "GMT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"].contains(upper) {
            return true
        }
        // Military zones: one letter other than J.
        return upper.count == 1 && upper != "J" && upper.first!.isASCII && upper.first!.isLetter
    }

    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate var trimmingComma: String { hasSuffix(",") ? String(dropLast()) : self }
    fileprivate var replacingColon: String { filter { $0 != ":" } }
}
