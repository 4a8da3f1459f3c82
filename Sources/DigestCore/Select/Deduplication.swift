/// Collapses the same item read from several sources: the same identifier (guid, id), the same
/// link, or the same title and date when one of the two has neither identifier nor link.
///
/// The first occurrence keeps its place and fields, so sources listed first take precedence;
/// when a later copy has the longer summary, the kept item takes that summary, and when only a
/// later copy has an image, that image.
///
/// Identifiers, links and (lower-cased) titles are compared as their UTF-8 bytes, not as
/// Swift compares Strings (canonical equivalence, which hashes non-ASCII text through its
/// normalized form: that took a third of `digest items` on a million-item listing): an
/// identifier or a URL is the same only when spelled the same, and a title written once
/// precomposed and once with combining marks is not taken for the same title.
struct Deduplication {
    /// `items` without duplicates, in order.
    static func collapse(_ items: [Item]) -> [Item] {
        var kept: [Item] = []
        kept.reserveCapacity(items.count)
        var index = Index(capacity: items.count)
        // Lower-casing titles is most of the work and needs no order: done on every core.
        let titles = items.count >= 1024 ? Parallel.map(items, Index.TitleKey.init) : items.map(Index.TitleKey.init)
        for (item, title) in zip(items, titles) {
            if let original = index.original(of: item, title: title, in: kept) {
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
            index.record(item, title: title, at: kept.count)
            kept.append(item)
        }
        return kept
    }

    /// The keys of the items kept so far.
    struct Index {
        private var byIdentifier: [ExactText: Int] = [:]
        private var byLink: [ExactText: Int] = [:]
        private var byTitle: [TitleKey: Int] = [:]

        init(capacity: Int) {
            byIdentifier.reserveCapacity(capacity)
            byLink.reserveCapacity(capacity)
            byTitle.reserveCapacity(capacity)
        }

        /// An item's day and lower-cased title.
        struct TitleKey: Hashable, Sendable {
            let day: Day
            let title: ExactText

            init(_ item: Item) {
                day = item.date
                title = ExactText(item.title.lowercased())
            }
        }

        /// The position in `kept` of the item `item` (whose title key is `title`) duplicates, or nil.
        func original(of item: Item, title: TitleKey, in kept: [Item]) -> Int? {
            if let found = item.identifier.flatMap({ byIdentifier[ExactText($0)] })
                ?? item.link.flatMap({ byLink[ExactText($0)] })
            {
                return found
            }
            // Same title and day is a guess; two items that each carry an identifier or a link say who they are.
            guard let found = byTitle[title] else { return nil }
            return Self.isAnonymous(kept[found]) || Self.isAnonymous(item) ? found : nil
        }

        /// Records a kept item's keys.
        mutating func record(_ item: Item, title: TitleKey, at position: Int) {
            if let identifier = item.identifier { Self.keepFirst(ExactText(identifier), position, in: &byIdentifier) }
            if let link = item.link { Self.keepFirst(ExactText(link), position, in: &byLink) }
            Self.keepFirst(title, position, in: &byTitle)
        }

        /// Records `position` under `key` unless an earlier item holds it.
        private static func keepFirst<Key: Hashable>(_ key: Key, _ position: Int, in table: inout [Key: Int]) {
            if table[key] == nil { table[key] = position }
        }

        /// An item with neither identifier nor link: only its title and date can tell it apart.
        private static func isAnonymous(_ item: Item) -> Bool {
            item.identifier == nil && item.link == nil
        }
    }
}

/// A String as a dictionary key by its UTF-8 bytes: hashed and compared byte for byte.
struct ExactText: Hashable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    static func == (left: ExactText, right: ExactText) -> Bool {
        var left = left.text
        var right = right.text
        return left.withUTF8 { a in right.withUTF8 { b in a.elementsEqual(b) } }
    }

    func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
