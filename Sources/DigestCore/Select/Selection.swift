/// Picks the items of a digest: the window, duplicates, topic sections and caps.
package struct Selection: Sendable {
    /// The days to cover.
    package let window: DateWindow
    /// Topic order, labels and caps.
    package let plan: TopicPlan

    /// Creates a selection.
    package init(window: DateWindow, plan: TopicPlan = TopicPlan()) {
        self.window = window
        self.plan = plan
    }

    /// Builds the digest from items in source order.
    ///
    /// Sections come in the plan's order, then the other topics by how many items they hold
    /// (ties by name). Each item appears once, under the first of its topics in that order.
    /// Within a section, items are newest first; equal dates keep source order.
    ///
    /// - Parameters:
    ///   - items: every item read, in source order.
    ///   - following: a reader's topics (lower-cased): only these become sections, and an item
    ///     appears under the first of them it carries. Nil means every topic.
    package func digest(from items: [Item], following: Set<String>? = nil) -> Digest {
        prepare(items).digest(following: following)
    }

    /// Does the work every reader shares once: the window, duplicates, newest-first order.
    package func prepare(_ items: [Item]) -> PreparedSelection {
        PreparedSelection(selection: self, items: Deduplication.collapse(items.filter(window.includes)))
    }
}

/// The window's items without duplicates, newest first, ready to be cut into sections for
/// any set of followed topics.
package struct PreparedSelection: Sendable {
    private let selection: Selection
    /// The chosen items, newest first; equal dates keep source order.
    private let items: [Item]
    /// Each item's topics, in the item's order, as indices into ``topicKeys``.
    private let topicIDs: [[Int]]
    /// The items carrying each topic (by topic id), newest first, each once.
    private let itemsWithTopic: [[Int]]
    /// The lower-cased topics the items carry, in the order first seen (newest item first).
    private let topicKeys: [String]
    /// The index of each key in ``topicKeys``.
    private let topicID: [String: Int]
    /// A topic's spelling in the first item that carries it.
    private let spelling: [String: String]

    init(selection: Selection, items: [Item]) {
        self.selection = selection
        // Positions are sorted, not the items (large values, moved once at the end).
        let order = items.indices.sorted { left, right in
            let (a, b) = (items[left].date, items[right].date)
            return a != b ? a > b : left < right
        }
        let sorted = order.map { items[$0] }
        self.items = sorted
        let keys = items.map { item in item.topics.map { $0.lowercased() } }
        var spelling: [String: String] = [:]
        for (item, itemKeys) in zip(items, keys) {
            for (topic, key) in zip(item.topics, itemKeys) where spelling[key] == nil { spelling[key] = topic }
        }
        var topicKeys: [String] = []
        var topicID: [String: Int] = [:]
        var topicIDs: [[Int]] = []
        topicIDs.reserveCapacity(sorted.count)
        for position in order {
            topicIDs.append(
                keys[position].map { key in
                    if let id = topicID[key] { return id }
                    topicID[key] = topicKeys.count
                    topicKeys.append(key)
                    return topicKeys.count - 1
                })
        }
        var itemsWithTopic = [[Int]](repeating: [], count: topicKeys.count)
        for (index, topics) in topicIDs.enumerated() {
            for (position, topic) in topics.enumerated() where !topics[..<position].contains(topic) {
                itemsWithTopic[topic].append(index)
            }
        }
        self.itemsWithTopic = itemsWithTopic
        self.topicIDs = topicIDs
        self.topicKeys = topicKeys
        self.topicID = topicID
        self.spelling = spelling
    }

    /// How the items spell a topic (the first spelling seen), given its lower-cased key.
    package func spelling(of key: String) -> String {
        spelling[key] ?? key
    }

    /// The digest for a reader following `following` (lower-cased topics), or everyone when nil.
    package func digest(following: Set<String>? = nil) -> Digest {
        let plan = selection.plan
        let window = selection.window
        func followed(_ topic: String) -> Bool { following?.contains(topic) ?? true }
        // Topics by index, so that the loops over the items hash no string.
        let isFollowed = topicKeys.map(followed)

        // Order topics: configured first, then by how many chosen items carry them (every item
        // that carries a followed topic is chosen, so that is how many items carry it).
        let configured = plan.topics.map { $0.name.lowercased() }.filter(followed)
        let configuredIDs = Set(configured.compactMap { topicID[$0] })
        let others = topicKeys.indices
            .filter { isFollowed[$0] && !itemsWithTopic[$0].isEmpty && !configuredIDs.contains($0) }
            .sorted { (itemsWithTopic[$0].count, topicKeys[$1]) > (itemsWithTopic[$1].count, topicKeys[$0]) }
        var rank = [Int](repeating: Int.max, count: topicKeys.count)
        for (position, id) in (configured.compactMap { topicID[$0] } + others).enumerated() where rank[id] == Int.max {
            rank[id] = position
        }

        // Each item goes to the first of its followed topics in that order; items stay newest
        // first. Only the items of followed topics are looked at (a reader of 3 topics of 24
        // costs an eighth of the items), and sections hold indices until cut.
        var members = [[Int]](repeating: [], count: topicKeys.count)
        for topic in topicKeys.indices where isFollowed[topic] {
            for index in itemsWithTopic[topic] {
                var home = topic
                for other in topicIDs[index] where isFollowed[other] && rank[other] < rank[home] { home = other }
                if home == topic { members[topic].append(index) }
            }
        }

        var configuredSections: [Digest.Section] = []
        var otherSections: [Digest.Section] = []
        for key in configured + others.map({ topicKeys[$0] }) {
            guard let id = topicID[key], !members[id].isEmpty else { continue }
            var sectionIndices = members[id]
            let rule = plan.configured(key)
            if let days = rule?.windowDays {
                let from = window.until.adding(days: -(days - 1))
                sectionIndices = sectionIndices.filter { index in
                    let item = items[index]
                    return item.kind == .event ? (item.end ?? item.date) >= from : item.date >= from
                }
            }
            var omitted = 0
            if let cap = rule?.cap, sectionIndices.count > cap {
                omitted = sectionIndices.count - cap
                sectionIndices = Array(sectionIndices.prefix(cap))
            }
            guard !sectionIndices.isEmpty else { continue }
            let section = Digest.Section(
                topic: spelling[key] ?? rule?.name ?? key, label: rule?.label ?? spelling[key] ?? key,
                items: sectionIndices.map { items[$0] }, omitted: omitted)
            if rule == nil { otherSections.append(section) } else { configuredSections.append(section) }
        }
        // Unconfigured sections by their final size; the stable sort keeps the frequency order on ties.
        let bySize = otherSections.enumerated()
            .sorted { ($0.element.items.count, -$0.offset) > ($1.element.items.count, -$1.offset) }
            .map(\.element)
        return Digest(window: window, sections: configuredSections + bySize)
    }
}
