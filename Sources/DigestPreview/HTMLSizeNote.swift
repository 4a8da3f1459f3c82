import DigestCore

/// The HTML part's size against its budget and Gmail's clipping limit, in words.
enum HTMLSizeNote {
    /// How the HTML part of `entry` stands.
    enum Standing: String {
        /// Within the budget.
        case fits
        /// Over the budget (`html-budget:`), under Gmail's limit.
        case overBudget = "over-budget"
        /// Over Gmail's limit: Gmail clips it.
        case clipped
    }

    /// Where `size` stands against `budget` and ``ClippingCheck/limit``.
    static func standing(_ size: Int, budget: Int) -> Standing {
        size > ClippingCheck.limit ? .clipped : size > budget ? .overBudget : .fits
    }

    /// The sentence on a message's page, as HTML: its size, the budget, Gmail's limit, and
    /// what happens past it.
    static func sentence(_ entry: PreviewMessage, budget: Int) -> String {
        let size = entry.htmlSize
        let limit = ByteCount.kilobytes(ClippingCheck.limit)
        let part = "HTML part: \(ByteCount.kilobytes(size)) (\(Counted.grouped(size)) bytes, decoded, as Gmail counts)"
        let sentence =
            switch standing(size, budget: budget) {
            case .fits:
                "\(part), within the \(ByteCount.kilobytes(budget)) budget; Gmail clips past \(limit)."
            case .overBudget:
                "\(part), over the \(ByteCount.kilobytes(budget)) budget (<code>html-budget:</code>); "
                    + "Gmail clips past \(limit)."
            case .clipped:
                "⚠ \(part), over Gmail’s \(limit): Gmail clips it, hiding the rest of the issue, the footer "
                    + "and its unsubscribe link."
            }
        let role = standing(size, budget: budget) == .clipped ? " role=\"alert\"" : ""
        return """
            <p class="size \(standing(size, budget: budget).rawValue)" data-html-size="\(size)"\(role)>\(sentence) \
            The <code>.eml</code> is \(ByteCount.format(entry.size)).</p>
            """
    }

    /// The index's cell for the HTML part's size, flagged when Gmail would clip it.
    static func cell(_ entry: PreviewMessage, budget: Int) -> String {
        let size = entry.htmlSize
        switch standing(size, budget: budget) {
        case .fits:
            return "<td class=\"num\">\(ByteCount.kilobytes(size))</td>"
        case .overBudget:
            return "<td class=\"num over-budget\" title=\"over the \(ByteCount.kilobytes(budget)) budget\">"
                + "\(ByteCount.kilobytes(size))</td>"
        case .clipped:
            return "<td class=\"num clipped\" title=\"over Gmail’s \(ByteCount.kilobytes(ClippingCheck.limit)): "
                + "clipped\">⚠ \(ByteCount.kilobytes(size))</td>"
        }
    }
}
