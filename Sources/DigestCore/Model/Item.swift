/// One news item, publication or event, as every source produces it.
///
/// The fields live in one shared, immutable object, so copying an item (into a selection, a
/// section, a result list) costs one reference count instead of one per string: on a
/// million-item listing those copies were a third of the selection's time.
package struct Item: Hashable, Sendable {
    /// The fields every copy of the item shares.
    private final class Fields: Sendable {
        let id: String
        let title: String
        let summary: String
        let kind: ItemKind
        let date: Day
        let end: Day?
        let topics: [String]
        let link: String?
        let origin: SourceLocation
        let identifier: String?
        let titleIsExcerpt: Bool
        let image: ItemImage?

        init(
            id: String, title: String, summary: String, kind: ItemKind, date: Day, end: Day?, topics: [String],
            link: String?, origin: SourceLocation, identifier: String?, titleIsExcerpt: Bool, image: ItemImage?
        ) {
            self.id = id
            self.title = title
            self.summary = summary
            self.kind = kind
            self.date = date
            self.end = end
            self.topics = topics
            self.link = link
            self.origin = origin
            self.identifier = identifier
            self.titleIsExcerpt = titleIsExcerpt
            self.image = image
        }
    }

    private let fields: Fields

    /// A stable identifier: the same item read again gets the same id.
    package var id: String { fields.id }
    /// The title, plain text.
    package var title: String { fields.title }
    /// The summary, CommonMark.
    package var summary: String { fields.summary }
    /// News, publication or event.
    package var kind: ItemKind { fields.kind }
    /// The publication date; for an event, its start.
    package var date: Day { fields.date }
    /// For an event, the last day it runs (equal to `date` for a one-day event).
    package var end: Day? { fields.end }
    /// Topics in the order the source gave them; never empty.
    package var topics: [String] { fields.topics }
    /// Where the full item can be read, if known.
    package var link: String? { fields.link }
    /// Where the item was read: file and line of its title.
    package var origin: SourceLocation { fields.origin }
    /// The source's own identifier (an RSS `guid`, an Atom or JSON Feed `id`), if it has one.
    package var identifier: String? { fields.identifier }
    /// Whether the title was made from the start of the item's text because it had none:
    /// templates show such an item as a note rather than a headline.
    package var titleIsExcerpt: Bool { fields.titleIsExcerpt }
    /// The picture that stands for the item (a feed's thumbnail or image enclosure), if any.
    package var image: ItemImage? { fields.image }
    /// The public URL that relative links and images in the summary are resolved against
    /// (a source's `base-url:`), if any.
    package var baseURL: String?

    /// Creates an item; control characters are removed from every text field (see ``CleanText``)
    /// and the title, topics and summary are cut to ``ItemLimits``; `{{` and `}}` in them get an
    /// invisible word joiner between the braces (``CleanText/separatingTemplateBraces(_:)``).
    package init(
        id: String, title: String, summary: String, kind: ItemKind, date: Day, end: Day? = nil,
        topics: [String], link: String? = nil, origin: SourceLocation, identifier: String? = nil,
        titleIsExcerpt: Bool = false, image: ItemImage? = nil
    ) {
        fields = Fields(
            id: id,
            title: CleanText.separatingTemplateBraces(
                ItemLimits.cut(CleanText.removingControls(title), to: ItemLimits.title)),
            summary: CleanText.separatingTemplateBraces(
                ItemLimits.cut(CleanText.removingControls(summary), to: ItemLimits.summary)),
            kind: kind, date: date, end: kind == .event ? (end ?? date) : nil,
            topics: topics.map {
                CleanText.separatingTemplateBraces(
                    ItemLimits.cut(CleanText.removingControls($0), to: ItemLimits.topic))
            },
            link: link.map(CleanText.removingControls), origin: origin, identifier: identifier,
            titleIsExcerpt: titleIsExcerpt, image: image)
    }

    package static func == (left: Item, right: Item) -> Bool {
        guard left.baseURL == right.baseURL else { return false }
        if left.fields === right.fields { return true }
        let a = left.fields
        let b = right.fields
        return a.id == b.id && a.title == b.title && a.summary == b.summary && a.kind == b.kind && a.date == b.date
            && a.end == b.end && a.topics == b.topics && a.link == b.link && a.origin == b.origin
            && a.identifier == b.identifier && a.titleIsExcerpt == b.titleIsExcerpt && a.image == b.image
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(fields.id)
        hasher.combine(fields.title)
        hasher.combine(fields.date)
        hasher.combine(baseURL)
    }

    /// What makes two copies of an item the same item: the source's identifier, else the link,
    /// else the title and date.
    package var identity: String {
        if let identifier { return "id:" + identifier }
        if let link { return "link:" + link }
        return "title:\(date)|\(title.lowercased())"
    }

    /// For an event, the start day; otherwise the publication date.
    package var start: Day { date }
}
