/// The days a digest covers, both ends included, and how far ahead it announces events.
public struct DateWindow: Hashable, Sendable, CustomStringConvertible {
    /// The first day, included.
    public let since: Day
    /// The last day, included.
    public let until: Day
    /// Events starting up to this many days after `until` are announced too.
    public let upcomingEventDays: Int

    /// Creates a window; `since` must not be after `until`.
    public init(since: Day, until: Day, upcomingEventDays: Int = 30) {
        precondition(since <= until, "a window's start must not be after its end")
        self.since = since
        self.until = until
        self.upcomingEventDays = upcomingEventDays
    }

    /// Whether `day` lies in the window.
    public func contains(_ day: Day) -> Bool {
        since <= day && day <= until
    }

    /// `2019-03-20 to 2019-04-19`.
    public var description: String { "\(since) to \(until)" }
}
