/// Why each item read is in a digest or not: one ``Decision`` per item, in source order,
/// then one per malformed item the sources skipped.
package struct SelectionReport: Sendable {
    /// One item's fate.
    package struct Decision: Sendable {
        /// The item, or nil for a malformed one (see ``Verdict/malformed(_:)``).
        package let item: Item?
        /// What the selection did with it.
        package let verdict: Verdict

        /// Whether the item is in the digest.
        package var isIncluded: Bool {
            if case .selected = verdict { return true }
            return false
        }

        /// Where the item was read.
        package var origin: SourceLocation {
            if case .malformed(let diagnostic) = verdict { return diagnostic.location }
            return item!.origin
        }
    }

    /// What happened to an item, with the figures that explain it.
    package enum Verdict: Sendable, Equatable {
        /// In the digest, in the section with this label.
        case selected(section: String)
        /// Dated (or, for an event, ended) this many days before the window's first day.
        case beforeWindow(days: Int)
        /// Dated this many days after the window's last day (for an event: after the
        /// upcoming-events horizon, which is `horizon` days long).
        case afterWindow(days: Int, horizon: Int?)
        /// Its section keeps only the last `windowDays` days of the window; it is this many days older.
        case cutByTopicWindow(topic: String, windowDays: Int, days: Int)
        /// Its section shows at most `cap` items and it came after them.
        case cutByCap(topic: String, cap: Int)
        /// The same item (same link, or same title and date) was read first here.
        case duplicate(of: String, at: SourceLocation)
        /// None of its topics is one the reader follows.
        case notFollowed(topics: [String])
        /// The source could not read it.
        case malformed(Diagnostic)

        /// A short machine name: `selected`, `before-window`, `after-window`, `topic-window`,
        /// `cap`, `duplicate`, `not-followed`, `malformed`.
        package var code: String {
            switch self {
            case .selected: "selected"
            case .beforeWindow: "before-window"
            case .afterWindow: "after-window"
            case .cutByTopicWindow: "topic-window"
            case .cutByCap: "cap"
            case .duplicate: "duplicate"
            case .notFollowed: "not-followed"
            case .malformed: "malformed"
            }
        }

        /// The reason as a phrase: `in “cooperation”`, `12 days before the window`.
        package var reason: String {
            switch self {
            case .selected(let section):
                return "in “\(section)”"
            case .beforeWindow(let days):
                return "\(Self.days(days)) before the window"
            case .afterWindow(let days, let horizon):
                guard let horizon else { return "\(Self.days(days)) after the window" }
                return "starts \(Self.days(days)) after the window and its \(horizon)-day upcoming-events horizon"
            case .cutByTopicWindow(let topic, let windowDays, let days):
                return "\(Self.days(days)) before the \(windowDays)-day window of topic “\(topic)”"
            case .cutByCap(let topic, let cap):
                return "cut by the cap of topic “\(topic)” (\(cap) item\(cap == 1 ? "" : "s"))"
            case .duplicate(let title, let location):
                return "duplicate of “\(title)” from \(location)"
            case .notFollowed(let topics):
                return "no topic the reader follows (it has \(topics.joined(separator: ", ")))"
            case .malformed(let diagnostic):
                return "malformed: \(diagnostic.problem); skipped \(diagnostic.skipped)"
            }
        }

        private static func days(_ count: Int) -> String {
            count == 1 ? "1 day" : "\(count) days"
        }
    }

    /// The digest the selection makes, the same as ``Selection/digest(from:following:)``.
    package let digest: Digest
    /// One decision per item read, in source order, then the malformed ones.
    package let decisions: [Decision]
}

extension Selection {
    /// Explains the selection of `items`: for each, whether it is in the digest, and if not why.
    ///
    /// - Parameters:
    ///   - items: every item read, in source order (not only the window's).
    ///   - diagnostics: the items the sources skipped, reported as malformed.
    ///   - following: a reader's topics (lower-cased), or nil for every topic.
    package func explain(items: [Item], diagnostics: [Diagnostic] = [], following: Set<String>? = nil)
        -> SelectionReport
    {
        let digest = digest(from: items, following: following)
        // Sections before caps and topic windows, to find the section that cut an item.
        let uncut = Selection(
            window: window,
            plan: TopicPlan(topics: plan.topics.map { TopicPlan.Topic(name: $0.name, label: $0.label) })
        ).digest(from: items, following: following)
        var sectionOf: [String: Digest.Section] = [:]
        for section in digest.sections {
            for item in section.items { sectionOf[item.id] = section }
        }
        var uncutSectionOf: [String: Digest.Section] = [:]
        for section in uncut.sections {
            for item in section.items { uncutSectionOf[item.id] = section }
        }
        let candidates = items.filter { window.includes($0) && followed($0, following) }
        let originals = Deduplication.originals(candidates)
        var duplicateOf: [Int: Item] = [:]
        var candidateIndex = 0

        var decisions: [SelectionReport.Decision] = []
        for (position, item) in items.enumerated() {
            guard window.includes(item) else {
                decisions.append(.init(item: item, verdict: outsideWindow(item)))
                continue
            }
            guard followed(item, following) else {
                decisions.append(.init(item: item, verdict: .notFollowed(topics: item.topics)))
                continue
            }
            if let original = originals[candidateIndex] { duplicateOf[position] = candidates[original] }
            candidateIndex += 1
            if let first = duplicateOf[position] {
                decisions.append(.init(item: item, verdict: .duplicate(of: first.title, at: first.origin)))
            } else if let section = sectionOf[item.id] {
                decisions.append(.init(item: item, verdict: .selected(section: section.label)))
            } else {
                decisions.append(.init(item: item, verdict: cut(item, from: uncutSectionOf[item.id])))
            }
        }
        for diagnostic in diagnostics {
            decisions.append(.init(item: nil, verdict: .malformed(diagnostic)))
        }
        return SelectionReport(digest: digest, decisions: decisions)
    }

    private func followed(_ item: Item, _ following: Set<String>?) -> Bool {
        guard let following else { return true }
        return item.topics.contains { following.contains($0.lowercased()) }
    }

    /// Before or after the window, and by how many days.
    private func outsideWindow(_ item: Item) -> SelectionReport.Verdict {
        let last = item.kind == .event ? (item.end ?? item.date) : item.date
        if last < window.since { return .beforeWindow(days: last.days(to: window.since)) }
        guard item.kind == .event else { return .afterWindow(days: window.until.days(to: item.date), horizon: nil) }
        let horizon = window.until.adding(days: window.upcomingEventDays)
        return .afterWindow(days: horizon.days(to: item.date), horizon: window.upcomingEventDays)
    }

    /// Why an item of the window that is in no section was left out: its section's window, or its cap.
    private func cut(_ item: Item, from section: Digest.Section?) -> SelectionReport.Verdict {
        let topic = section?.topic ?? item.topics.first ?? ""
        let rule = plan.configured(topic)
        let label = rule?.label ?? section?.label ?? topic
        if let days = rule?.windowDays {
            let from = window.until.adding(days: -(days - 1))
            let last = item.kind == .event ? (item.end ?? item.date) : item.date
            if last < from { return .cutByTopicWindow(topic: label, windowDays: days, days: last.days(to: from)) }
        }
        return .cutByCap(topic: label, cap: rule?.cap ?? 0)
    }
}
