/// What sort of thing an item announces.
public enum ItemKind: String, Sendable, CaseIterable, Hashable {
    case news
    case publication
    case event

    /// The label shown to readers ("News", "Publication", "Event").
    public var label: String {
        switch self {
        case .news: "News"
        case .publication: "Publication"
        case .event: "Event"
        }
    }
}
