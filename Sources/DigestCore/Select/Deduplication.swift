/// Collapses the same item read from several sources: the same identifier (guid, id), the same
/// link, or the same title and date when one of the two has neither identifier nor link.
///
/// The first occurrence keeps its place and fields, so sources listed first take precedence;
/// when a later copy has the longer summary, the kept item takes that summary, and when only a
/// later copy has an image, that image.
struct Deduplication {
    /// `items` without duplicates, in order.
    static func collapse(_ items: [Item]) -> [Item] {
        var kept: [Item] = []
        var index = Index()
        for item in items {
            if let original = index.original(of: item, in: kept) {
                let first = kept[original]
                let longer = item.summary.count > first.summary.count
                if longer || (first.image == nil && item.image != nil) {
                    kept[original] = Item(
                        id: first.id, title: first.title, summary: longer ? item.summary : first.summary,
                        kind: first.kind, date: first.date,
                        end: first.end, topics: first.topics, link: first.link ?? item.link, origin: first.origin,
                        identifier: first.identifier, titleIsExcerpt: first.titleIsExcerpt,
                        image: first.image ?? item.image)
                }
                continue
            }
            index.record(item, at: kept.count)
            kept.append(item)
        }
        return kept
    }

    /// The keys of the items kept so far.
    struct Index {
        private var byIdentifier: [String: Int] = [:]
        private var byLink: [String: Int] = [:]
        private var byTitle: [String: Int] = [:]

        /// The position in `kept` of the item `item` duplicates, or nil.
        func original(of item: Item, in kept: [Item]) -> Int? {
            if let found = item.identifier.flatMap({ byIdentifier[$0] }) ?? item.link.flatMap({ byLink[$0] }) {
                return found
            }
            // Same title and day is a guess; two items that each carry an identifier or a link say who they are.
            guard let found = byTitle[Self.titleKey(item)] else { return nil }
            return Self.isAnonymous(kept[found]) || Self.isAnonymous(item) ? found : nil
        }

        /// Records a kept item's keys.
        mutating func record(_ item: Item, at position: Int) {
            if let identifier = item.identifier, byIdentifier[identifier] == nil { byIdentifier[identifier] = position }
            if let link = item.link, byLink[link] == nil { byLink[link] = position }
            let key = Self.titleKey(item)
            if byTitle[key] == nil { byTitle[key] = position }
        }

        private static func titleKey(_ item: Item) -> String {
            "\(item.date)|\(item.title.lowercased())"
        }

        /// An item with neither identifier nor link: only its title and date can tell it apart.
        private static func isAnonymous(_ item: Item) -> Bool {
            item.identifier == nil && item.link == nil
        }
    }
}
