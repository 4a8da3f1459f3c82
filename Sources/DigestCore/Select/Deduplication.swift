/// Collapses the same item read from several sources: same link, or same title and date.
///
/// The first occurrence keeps its place and fields, so sources listed first take precedence;
/// when a later copy has the longer summary, the kept item takes that summary.
struct Deduplication {
    /// `items` without duplicates, in order.
    static func collapse(_ items: [Item]) -> [Item] {
        var kept: [Item] = []
        var byLink: [String: Int] = [:]
        var byTitle: [String: Int] = [:]
        for item in items {
            let titleKey = "\(item.date)|\(item.title.lowercased())"
            if let index = item.link.flatMap({ byLink[$0] }) ?? byTitle[titleKey] {
                let first = kept[index]
                if item.summary.count > first.summary.count {
                    kept[index] = Item(
                        id: first.id, title: first.title, summary: item.summary, kind: first.kind, date: first.date,
                        end: first.end, topics: first.topics, link: first.link ?? item.link, origin: first.origin)
                }
                continue
            }
            if let link = item.link { byLink[link] = kept.count }
            byTitle[titleKey] = kept.count
            kept.append(item)
        }
        return kept
    }
}
