/// One news item, publication or event, as every source produces it.
package struct Item: Hashable, Sendable {
    /// A stable identifier: the same item read again gets the same id.
    package let id: String
    /// The title, plain text.
    package let title: String
    /// The summary, CommonMark.
    package let summary: String
    /// News, publication or event.
    package let kind: ItemKind
    /// The publication date; for an event, its start.
    package let date: Day
    /// For an event, the last day it runs (equal to `date` for a one-day event).
    package let end: Day?
    /// Topics in the order the source gave them; never empty.
    package let topics: [String]
    /// Where the full item can be read, if known.
    package let link: String?
    /// Where the item was read: file and line of its title.
    package let origin: SourceLocation
    /// The source's own identifier (an RSS `guid`, an Atom or JSON Feed `id`), if it has one.
    package let identifier: String?
    /// Whether the title was made from the start of the item's text because it had none:
    /// templates show such an item as a note rather than a headline.
    package let titleIsExcerpt: Bool
    /// The picture that stands for the item (a feed's thumbnail or image enclosure), if any.
    package let image: ItemImage?
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
        self.id = id
        self.title = CleanText.separatingTemplateBraces(
            ItemLimits.cut(CleanText.removingControls(title), to: ItemLimits.title))
        self.summary = CleanText.separatingTemplateBraces(
            ItemLimits.cut(CleanText.removingControls(summary), to: ItemLimits.summary))
        self.kind = kind
        self.date = date
        self.end = kind == .event ? (end ?? date) : nil
        self.topics = topics.map {
            CleanText.separatingTemplateBraces(ItemLimits.cut(CleanText.removingControls($0), to: ItemLimits.topic))
        }
        self.link = link.map(CleanText.removingControls)
        self.origin = origin
        self.identifier = identifier
        self.titleIsExcerpt = titleIsExcerpt
        self.image = image
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
