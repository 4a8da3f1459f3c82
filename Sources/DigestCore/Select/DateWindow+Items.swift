extension DateWindow {
    /// Whether an item belongs in the window.
    ///
    /// News and publications count by their publication date. An event counts when it starts or
    /// is still running in the window, or starts within `upcomingEventDays` after its end.
    public func includes(_ item: Item) -> Bool {
        switch item.kind {
        case .news, .publication:
            return contains(item.date)
        case .event:
            let end = item.end ?? item.date
            let runsInWindow = item.date <= until && end >= since
            let startsSoon = item.date > until && item.date <= until.adding(days: upcomingEventDays)
            return runsInWindow || startsSoon
        }
    }
}
