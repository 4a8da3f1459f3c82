/// Large webmail clients (Gmail among them) clip a message whose HTML passes about 102 KB,
/// hiding the rest, the footer and its unsubscribe link included.
public enum ClippingCheck {
    /// The size past which the HTML part is clipped, in bytes.
    public static let limit = 102 * 1024

    /// A warning naming the largest sections when `html` is over the limit, else nil.
    static func warning(html: String, digest: Digest, rendered: [String: RenderedItem]) -> String? {
        let size = html.utf8.count
        guard size > limit else { return nil }
        let sections = digest.sections.map { section in
            (
                section.label,
                section.items.reduce(0) { $0 + (rendered[$1.id]?.html.utf8.count ?? 0) + $1.title.utf8.count }
            )
        }
        let largest = sections.sorted { $0.1 > $1.1 }.prefix(3)
            .map { "\($0.0) (\(kilobytes($0.1)))" }
            .joined(separator: ", ")
        return "the HTML part is \(kilobytes(size)); clients such as Gmail clip messages over "
            + "\(kilobytes(limit)) and hide the rest. Largest sections: \(largest). Lower a topic's cap or narrow the window."
    }

    private static func kilobytes(_ bytes: Int) -> String {
        "\((bytes + 512) / 1024) KB"
    }
}
