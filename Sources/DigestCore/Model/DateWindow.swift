/// The days a digest covers, both ends included, and how far ahead it announces events.
package struct DateWindow: Hashable, Sendable, CustomStringConvertible {
    /// The first day, included.
    package let since: Day
    /// The last day, included.
    package let until: Day
    /// Events starting up to this many days after `until` are announced too.
    package let upcomingEventDays: Int

    /// Creates a window; `since` must not be after `until`.
    package init(since: Day, until: Day, upcomingEventDays: Int = 30) {
        precondition(since <= until, "a window's start must not be after its end")
        self.since = since
        self.until = until
        self.upcomingEventDays = upcomingEventDays
    }

    /// Whether `day` lies in the window.
    package func contains(_ day: Day) -> Bool {
        since <= day && day <= until
    }

    /// `2019-03-20 to 2019-04-19`.
    package var description: String { "\(since) to \(until)" }
}
