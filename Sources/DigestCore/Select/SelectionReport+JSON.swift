import Foundation

extension SelectionReport {
    /// The report as JSON: `{"window": {…}, "decisions": [{"included", "reason", "explanation", …}]}`.
    ///
    /// Each decision has `included` (bool), `reason` (``Verdict/code``), `explanation` (a
    /// sentence), `source` and `line`; an item's decision also `date`, `end` (events), `kind`,
    /// `title`, `topics`, `link`; then, by reason, `section`, `days`, `topic`, `cap`,
    /// `windowDays`, `horizon`, `duplicateOf` (`title`, `source`, `line`) or `problem`.
    package func jsonData() -> [UInt8] {
        var decisionObjects: [[String: Any]] = []
        for decision in decisions {
            var object = decision.item.map(SelectionReport.itemObject) ?? [:]
            object["included"] = decision.isIncluded
            object["reason"] = decision.verdict.code
            object["explanation"] = decision.verdict.reason
            object["source"] = decision.origin.file
            object["line"] = Self.nullable(decision.origin.line)
            switch decision.verdict {
            case .selected(let section): object["section"] = section
            case .beforeWindow(let days): object["days"] = days
            case .afterWindow(let days, let horizon):
                object["days"] = days
                if let horizon { object["horizon"] = horizon }
            case .cutByTopicWindow(let topic, let windowDays, let days):
                object["topic"] = topic
                object["windowDays"] = windowDays
                object["days"] = days
            case .cutByCap(let topic, let cap):
                object["topic"] = topic
                object["cap"] = cap
            case .duplicate(let title, let location):
                object["duplicateOf"] =
                    ["title": title, "source": location.file, "line": Self.nullable(location.line)] as [String: Any]
            case .notFollowed: break
            case .malformed(let diagnostic):
                object["problem"] = diagnostic.problem
                object["skipped"] = diagnostic.skipped
            }
            decisionObjects.append(object)
        }
        return SelectionReport.encode([
            "window": SelectionReport.windowObject(digest.window), "decisions": decisionObjects,
        ])
    }

    /// A digest's items as JSON: `{"window": {…}, "items": [{"date", "kind", "section", "title", …}]}`.
    package static func jsonData(of digest: Digest) -> [UInt8] {
        var items: [[String: Any]] = []
        for section in digest.sections {
            for item in section.items {
                var object = itemObject(item)
                object["section"] = section.label
                object["source"] = item.origin.file
                object["line"] = nullable(item.origin.line)
                items.append(object)
            }
        }
        return encode(["window": windowObject(digest.window), "items": items])
    }

    private static func nullable(_ value: Int?) -> Any {
        value.map { $0 as Any } ?? NSNull()
    }

    private static func itemObject(_ item: Item) -> [String: Any] {
        var object: [String: Any] = [
            "date": item.date.description, "kind": item.kind.rawValue, "title": item.title, "topics": item.topics,
            "id": item.id,
        ]
        if let end = item.end { object["end"] = end.description }
        if let link = item.link { object["link"] = link }
        return object
    }

    private static func windowObject(_ window: DateWindow) -> [String: Any] {
        [
            "since": window.since.description, "until": window.until.description,
            "upcomingDays": window.upcomingEventDays,
        ]
    }

    private static func encode(_ object: [String: Any]) -> [UInt8] {
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return data.map { [UInt8]($0) } ?? Array("{}".utf8)
    }
}
