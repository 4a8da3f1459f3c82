/// Dates as readers see them: `16 April 2019`, `4–6 April 2019`, `30 March – 2 April 2019`;
/// in another language by its patterns and month names (`4 avril 2019`, `4.–6. April 2019`,
/// `4 kwietnia 2019`).
enum ReaderDates {
    static func day(_ day: Day, _ language: ReaderLanguage = .english) -> String {
        format(day, language["date"], language)
    }

    static func range(_ start: Day, _ end: Day, _ language: ReaderLanguage = .english) -> String {
        if start == end { return day(start, language) }
        if start.year == end.year && start.month == end.month {
            return "\(format(start, language["dayOnly"], language))–\(day(end, language))"
        }
        if start.year == end.year {
            return "\(format(start, language["dayMonth"], language)) – \(day(end, language))"
        }
        return "\(day(start, language)) – \(day(end, language))"
    }

    /// When an item happens or was published.
    static func when(_ item: Item, _ language: ReaderLanguage = .english) -> String {
        item.kind == .event ? range(item.date, item.end ?? item.date, language) : day(item.date, language)
    }

    /// `pattern` with `{day}`, `{month}`, `{year}`, `{weekday}` and `{mm}`/`{dd}` filled in; the
    /// first of a month uses the language's `firstDay` form (French `1er`).
    private static func format(_ day: Day, _ pattern: String, _ language: ReaderLanguage) -> String {
        if pattern == "{day} {month} {year}", day.day != 1 || language["firstDay"] == "{day}" {
            return "\(day.day) \(language.months[day.month - 1]) \(day.year)"  // the common case, without searching
        }
        let number = day.day == 1 ? ReaderLanguage.fill(language["firstDay"], ["day": "1"]) : String(day.day)
        return ReaderLanguage.fill(
            pattern,
            [
                "day": number, "month": language.months[day.month - 1], "year": String(day.year),
                "weekday": language.weekdays[day.weekday], "dd": Day.pad(day.day, 2), "mm": Day.pad(day.month, 2),
            ])
    }
}
