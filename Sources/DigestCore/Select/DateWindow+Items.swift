extension DateWindow {
    /// Whether an item belongs in the window.
    ///
    /// News and publications count by their publication date. An event counts when it starts or
    /// is still running in the window, or starts within `upcomingEventDays` after its end.
    package func includes(_ item: Item) -> Bool {
        includes(kind: item.kind, date: item.date, end: item.end)
    }

    /// Whether an item of this kind, date (an event's start) and end belongs in the window.
    func includes(kind: ItemKind, date: Day, end: Day?) -> Bool {
        switch kind {
        case .news, .publication:
            return contains(date)
        case .event:
            let end = end ?? date
            let runsInWindow = date <= until && end >= since
            let startsSoon = date > until && date.daysSinceEpoch <= until.daysSinceEpoch + upcomingEventDays
            return runsInWindow || startsSoon
        }
    }
}
