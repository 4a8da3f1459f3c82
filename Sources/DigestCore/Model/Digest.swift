/// A selection ready to render: topic sections, each with its items.
public struct Digest: Sendable {
    /// One topic's section.
    public struct Section: Sendable {
        /// The topic as the sources name it.
        public let topic: String
        /// The heading shown to readers.
        public let label: String
        /// The items, newest first.
        public let items: [Item]
        /// How many more items the topic had beyond its cap.
        public let omitted: Int

        /// Creates a section.
        public init(topic: String, label: String, items: [Item], omitted: Int = 0) {
            self.topic = topic
            self.label = label
            self.items = items
            self.omitted = omitted
        }
    }

    /// The window the digest covers.
    public let window: DateWindow
    /// Sections in display order; none is empty.
    public let sections: [Section]

    /// Creates a digest.
    public init(window: DateWindow, sections: [Section]) {
        self.window = window
        self.sections = sections
    }

    /// Every item, in display order.
    public var items: [Item] { sections.flatMap(\.items) }

    /// Whether there is nothing to send.
    public var isEmpty: Bool { sections.isEmpty }
}
