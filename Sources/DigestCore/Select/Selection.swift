/// Picks the items of a digest: the window, duplicates, topic sections and caps.
public struct Selection: Sendable {
    /// The days to cover.
    public let window: DateWindow
    /// Topic order, labels and caps.
    public let plan: TopicPlan

    /// Creates a selection.
    public init(window: DateWindow, plan: TopicPlan = TopicPlan()) {
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
    public func digest(from items: [Item], following: Set<String>? = nil) -> Digest {
        func followed(_ topic: String) -> Bool { following?.contains(topic) ?? true }
        let chosen = Deduplication.collapse(
            items.filter { item in window.includes(item) && item.topics.contains { followed($0.lowercased()) } })

        // Order topics: configured first, then by how many chosen items carry them.
        var frequency: [String: Int] = [:]
        var spelling: [String: String] = [:]
        for item in chosen {
            for topic in Set(item.topics.map { $0.lowercased() }) where followed(topic) {
                frequency[topic, default: 0] += 1
            }
            for topic in item.topics where spelling[topic.lowercased()] == nil {
                spelling[topic.lowercased()] = topic
            }
        }
        let configured = plan.topics.map { $0.name.lowercased() }.filter(followed)
        let others = frequency.keys.filter { !configured.contains($0) }
            .sorted { (frequency[$0]!, $1) > (frequency[$1]!, $0) }
        let rank = Dictionary(uniqueKeysWithValues: (configured + others).enumerated().map { ($1, $0) })

        // Assign each item to the first of its topics in that order.
        var members: [String: [Item]] = [:]
        for item in chosen {
            let candidates = item.topics.map { $0.lowercased() }.filter(followed)
            guard let home = candidates.min(by: { rank[$0]! < rank[$1]! }) else { continue }
            members[home, default: []].append(item)
        }

        var configuredSections: [Digest.Section] = []
        var otherSections: [Digest.Section] = []
        for key in configured + others {
            guard var sectionItems = members[key] else { continue }
            let rule = plan.configured(key)
            if let days = rule?.windowDays {
                let from = window.until.adding(days: -(days - 1))
                sectionItems = sectionItems.filter { $0.kind == .event ? ($0.end ?? $0.date) >= from : $0.date >= from }
            }
            sectionItems = sortedNewestFirst(sectionItems)
            var omitted = 0
            if let cap = rule?.cap, sectionItems.count > cap {
                omitted = sectionItems.count - cap
                sectionItems = Array(sectionItems.prefix(cap))
            }
            guard !sectionItems.isEmpty else { continue }
            let section = Digest.Section(
                topic: spelling[key] ?? rule?.name ?? key, label: rule?.label ?? spelling[key] ?? key,
                items: sectionItems, omitted: omitted)
            if rule == nil { otherSections.append(section) } else { configuredSections.append(section) }
        }
        // Unconfigured sections by their final size; the stable sort keeps the frequency order on ties.
        let bySize = otherSections.enumerated()
            .sorted { ($0.element.items.count, -$0.offset) > ($1.element.items.count, -$1.offset) }
            .map(\.element)
        return Digest(window: window, sections: configuredSections + bySize)
    }

    private func sortedNewestFirst(_ items: [Item]) -> [Item] {
        items.enumerated()
            .sorted { ($0.element.date, -$0.offset) > ($1.element.date, -$1.offset) }
            .map(\.element)
    }
}
