/// A moment as an RFC 5322 `Date:` value, always in UTC so output does not depend on the machine.
public struct MailDate: Hashable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    package let secondsSinceEpoch: Int

    /// Creates a date from seconds since the epoch.
    public init(secondsSinceEpoch: Int) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// Parses `YYYY-MM-DD` (taken as 08:00 UTC, the morning of that day) or
    /// `YYYY-MM-DDTHH:MM[:SS]Z`.
    package init?(iso text: String) {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard let first = parts.first, let day = Day(iso: first) else { return nil }
        var seconds = 8 * 3600
        if parts.count == 2 {
            var time = parts[1]
            guard time.hasSuffix("Z") else { return nil }
            time.removeLast()
            let fields = time.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard (2...3).contains(fields.count), fields.allSatisfy({ $0 != nil }),
                (0..<24).contains(fields[0]!), (0..<60).contains(fields[1]!),
                fields.count == 2 || (0..<61).contains(fields[2]!)
            else { return nil }
            seconds = fields[0]! * 3600 + fields[1]! * 60 + (fields.count == 3 ? fields[2]! : 0)
        }
        self.init(secondsSinceEpoch: day.daysSinceEpoch * 86_400 + seconds)
    }

    /// The calendar day (UTC).
    package var day: Day {
        Day(daysSinceEpoch: Int((Double(secondsSinceEpoch) / 86_400).rounded(.down)))
    }

    /// `Wed, 20 Mar 2019 08:00:00 +0000`.
    public var description: String {
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = self.day
        let seconds = secondsSinceEpoch - day.daysSinceEpoch * 86_400
        return "\(names[day.weekday]), \(Day.pad(day.day, 2)) \(months[day.month - 1]) \(day.year) "
            + "\(Day.pad(seconds / 3600, 2)):\(Day.pad(seconds / 60 % 60, 2)):\(Day.pad(seconds % 60, 2)) +0000"
    }
}
