/// Which items of a digest a message shows when its HTML part must stay under a budget:
/// the last items of the largest sections go first, and every section keeps at least one.
struct BudgetCut {
    /// The digest as selected.
    let digest: Digest
    /// How many items of each section the message shows.
    private(set) var kept: [Int]

    /// Bytes of HTML an item takes besides its summary and title: its share of the template.
    static let itemOverhead = 560

    /// Every item shown.
    init(_ digest: Digest) {
        self.digest = digest
        self.kept = digest.sections.map(\.items.count)
    }

    /// The items left out so far, by section.
    var cuts: [DigestRenderer.Cut] {
        digest.sections.indices.compactMap { index in
            let section = digest.sections[index]
            guard kept[index] < section.items.count else { return nil }
            return DigestRenderer.Cut(section: section.label, titles: section.items[kept[index]...].map(\.title))
        }
    }

    /// The items shown, section by section.
    var shownItems: [Item] {
        digest.sections.indices.flatMap { digest.sections[$0].items.prefix(kept[$0]) }
    }

    /// Leaves out, before anything is measured, what is far over `budget` by the estimate of
    /// ``drop(bytes:items:)`` (`margin` times the budget is kept), so a window of thousands of
    /// items is neither rendered nor run through the templates whole to show a hundred KB.
    mutating func trimEstimate(to budget: Int, margin: Int, items: [String: RenderedItem]) {
        let estimate = digest.sections.indices.reduce(0) { total, index in
            digest.sections[index].items.prefix(kept[index]).reduce(total) { $0 + Self.cost($1, items) }
        }
        let keep = budget * margin
        if estimate > keep { _ = drop(bytes: estimate - keep, items: items) }
    }

    /// The bytes of HTML `item` is estimated to take: its rendered summary (or, not yet
    /// rendered, its Markdown), its title and link twice, its picture and its share of the template.
    private static func cost(_ item: Item, _ items: [String: RenderedItem]) -> Int {
        (items[item.id]?.html.utf8.count ?? item.summary.utf8.count) + 2 * item.title.utf8.count
            + (item.link?.utf8.count ?? 0) * 2 + (item.image.map(ItemPicture.bytes) ?? 0) + BudgetCut.itemOverhead
    }

    /// Leaves out about `bytes` of HTML, an item at a time from the end of the section that
    /// takes the most; false when nothing more can go.
    mutating func drop(bytes: Int, items: [String: RenderedItem]) -> Bool {
        var sizes = digest.sections.indices.map { index in
            digest.sections[index].items.prefix(kept[index]).reduce(0) { $0 + Self.cost($1, items) }
        }
        var removed = 0
        var droppedAny = false
        while removed < bytes {
            let candidates = sizes.indices.filter { kept[$0] > 1 }
            guard let largest = candidates.max(by: { sizes[$0] < sizes[$1] }) else { break }
            let item = digest.sections[largest].items[kept[largest] - 1]
            kept[largest] -= 1
            sizes[largest] -= Self.cost(item, items)
            removed += Self.cost(item, items)
            droppedAny = true
        }
        return droppedAny
    }
}
