extension SMTPTransport {
    /// How an ``SMTPTransport`` uses its server: sessions at once, pace, tries and backoff.
    package struct Settings: Sendable {
        /// The number of connections at once.
        package var connections: Int
        /// Messages per second over all connections; nil for as fast as the server goes.
        package var rate: Double?
        /// How many times one recipient is tried in a call.
        package var attempts: Int
        /// The wait before the second attempt; it doubles for each one after.
        package var backoff: Duration

        /// Creates settings.
        package init(connections: Int = 4, rate: Double? = nil, attempts: Int = 3, backoff: Duration = .seconds(2)) {
            self.connections = max(1, connections)
            self.rate = rate
            self.attempts = max(1, attempts)
            self.backoff = backoff
        }
    }
}
