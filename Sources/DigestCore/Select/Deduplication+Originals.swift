extension Deduplication {
    /// For each item, the index of the earlier item it duplicates (the one ``collapse(_:)``
    /// keeps in its place), or nil when the item is the first of its kind.
    ///
    /// Uses the same keys as ``collapse(_:)``: the link of a kept item, or its title and date.
    static func originals(_ items: [Item]) -> [Int?] {
        var result: [Int?] = []
        result.reserveCapacity(items.count)
        var byLink: [String: Int] = [:]
        var byTitle: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let titleKey = "\(item.date)|\(item.title.lowercased())"
            if let first = item.link.flatMap({ byLink[$0] }) ?? byTitle[titleKey] {
                result.append(first)
                continue
            }
            if let link = item.link { byLink[link] = index }
            byTitle[titleKey] = index
            result.append(nil)
        }
        return result
    }
}
