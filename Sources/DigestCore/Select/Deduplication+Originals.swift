extension Deduplication {
    /// For each item, the index of the earlier item it duplicates (the one ``collapse(_:)``
    /// keeps in its place), or nil when the item is the first of its kind.
    ///
    /// Uses the same keys as ``collapse(_:)``.
    static func originals(_ items: [Item]) -> [Int?] {
        var result: [Int?] = []
        result.reserveCapacity(items.count)
        var index = Index(capacity: items.count)
        for (position, item) in items.enumerated() {
            let title = Index.TitleKey(item)
            if let first = index.original(of: item, title: title, in: items) {
                result.append(first)
                continue
            }
            index.record(item, title: title, at: position)
            result.append(nil)
        }
        return result
    }
}
