/// Collapses the same item read from several sources: same link, or same title and date.
///
/// The first occurrence wins, so sources listed first take precedence.
struct Deduplication {
    private var seenLinks: Set<String> = []
    private var seenTitles: Set<String> = []

    /// Returns whether `item` is new, remembering it.
    mutating func admit(_ item: Item) -> Bool {
        let titleKey = "\(item.date)|\(item.title.lowercased())"
        if let link = item.link, seenLinks.contains(link) { return false }
        if seenTitles.contains(titleKey) { return false }
        if let link = item.link { seenLinks.insert(link) }
        seenTitles.insert(titleKey)
        return true
    }
}
