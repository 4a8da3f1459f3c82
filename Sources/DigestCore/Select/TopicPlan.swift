/// How the editor wants topics shown: an order, labels, and optional per-topic rules.
package struct TopicPlan: Sendable {
    /// One configured topic.
    package struct Topic: Sendable, Hashable {
        /// The topic as the sources name it (matched case-insensitively).
        package var name: String
        /// The section heading; the name when nil.
        package var label: String?
        /// Show at most this many items; the section says how many more there were.
        package var cap: Int?
        /// Only items from the last this-many days of the window.
        package var windowDays: Int?

        /// Creates a configured topic.
        package init(name: String, label: String? = nil, cap: Int? = nil, windowDays: Int? = nil) {
            self.name = name
            self.label = label
            self.cap = cap
            self.windowDays = windowDays
        }
    }

    /// Topics in the order their sections come first.
    package var topics: [Topic]

    /// Creates a plan; with no topics, sections are ordered by size.
    package init(topics: [Topic] = []) {
        self.topics = topics
    }

    func configured(_ name: String) -> Topic? {
        let key = name.lowercased()
        return topics.first { $0.name.lowercased() == key }
    }
}
