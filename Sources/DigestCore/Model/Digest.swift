/// A selection ready to render: topic sections, each with its items.
package struct Digest: Sendable {
    /// One topic's section.
    package struct Section: Sendable {
        /// The topic as the sources name it.
        package let topic: String
        /// The heading shown to readers.
        package let label: String
        /// The items, newest first.
        package let items: [Item]
        /// How many more items the topic had beyond its cap.
        package let omitted: Int

        /// Creates a section.
        package init(topic: String, label: String, items: [Item], omitted: Int = 0) {
            self.topic = topic
            self.label = label
            self.items = items
            self.omitted = omitted
        }
    }

    /// The window the digest covers.
    package let window: DateWindow
    /// Sections in display order; none is empty.
    package let sections: [Section]

    /// Creates a digest.
    package init(window: DateWindow, sections: [Section]) {
        self.window = window
        self.sections = sections
    }

    /// Every item, in display order.
    package var items: [Item] { sections.flatMap(\.items) }

    /// How many items there are, without copying them out of their sections.
    package var itemCount: Int { sections.reduce(0) { $0 + $1.items.count } }

    /// Whether there is nothing to send.
    package var isEmpty: Bool { sections.isEmpty }
}
