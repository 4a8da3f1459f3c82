/// Dates as readers see them: `16 April 2019`, `4–6 April 2019`, `30 March – 2 April 2019`.
enum ReaderDates {
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    static func day(_ day: Day) -> String {
        "\(day.day) \(months[day.month - 1]) \(day.year)"
    }

    static func range(_ start: Day, _ end: Day) -> String {
        if start == end { return day(start) }
        if start.year == end.year && start.month == end.month {
            return "\(start.day)–\(end.day) \(months[end.month - 1]) \(end.year)"
        }
        if start.year == end.year {
            return "\(start.day) \(months[start.month - 1]) – \(day(end))"
        }
        return "\(day(start)) – \(day(end))"
    }

    /// When an item happens or was published.
    static func when(_ item: Item) -> String {
        item.kind == .event ? range(item.date, item.end ?? item.date) : day(item.date)
    }
}
