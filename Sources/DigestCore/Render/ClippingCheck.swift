/// Large webmail clients (Gmail among them) clip a message whose HTML passes about 102 KB,
/// hiding the rest, the footer and its unsubscribe link included.
package enum ClippingCheck {
    /// The size past which the HTML part is clipped, in bytes.
    package static let limit = 102 * 1024

    /// What a sender should know about the HTML part's size: which items were left out to
    /// keep it within the budget, and whether it is still over the clipping limit; nil when
    /// nothing was cut and it fits.
    static func warning(
        html: String, digest: Digest, rendered: [String: RenderedItem], cut: [DigestRenderer.Cut] = [],
        budget: Int = DigestRenderer.defaultBudget, webVersion: Bool = false
    ) -> String? {
        var parts: [String] = []
        if !cut.isEmpty {
            let count = cut.reduce(0) { $0 + $1.titles.count }
            let named = cut.map(named).joined(separator: "; ")
            let whereNow =
                webVersion
                ? "the message links to them in the web version"
                : "set base-url: so the message links to them in the web version"
            parts.append(
                "the HTML part was over its \(kilobytes(budget)) budget, so \(Counted.phrase(count, "item")) "
                    + (count == 1 ? "was" : "were") + " left out (\(whereNow)): \(named).")
        }
        let size = html.utf8.count
        if size > limit {
            let sections = digest.sections.map { section in
                (
                    section.label,
                    section.items.reduce(0) { $0 + (rendered[$1.id]?.html.utf8.count ?? 0) + $1.title.utf8.count }
                )
            }
            let largest = sections.sorted { $0.1 > $1.1 }.prefix(3)
                .map { "\($0.0) (\(kilobytes($0.1)))" }
                .joined(separator: ", ")
            parts.append(
                "the HTML part is \(kilobytes(size)); clients such as Gmail clip messages over "
                    + "\(kilobytes(limit)) and hide the rest. Largest sections: \(largest). Lower a topic's cap or narrow the window."
            )
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// The titles named for each section cut: its first few, so that a run that leaves out
    /// thousands of items still prints a warning one can read.
    package static let titlesNamed = 3

    /// `cooperation: “A”, “B”, “C” and 1,201 more`.
    private static func named(_ cut: DigestRenderer.Cut) -> String {
        let shown = cut.titles.prefix(titlesNamed).map { "“\($0)”" }.joined(separator: ", ")
        let more = cut.titles.count - min(cut.titles.count, titlesNamed)
        return "\(cut.section): " + shown + (more > 0 ? " and \(Counted.grouped(more)) more" : "")
    }

    private static func kilobytes(_ bytes: Int) -> String {
        "\((bytes + 512) / 1024) KB"
    }
}
