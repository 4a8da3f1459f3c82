/// What sort of thing an item announces. Readers see it labelled in their language
/// (`ReaderLanguage.label(_:)`).
public enum ItemKind: String, Sendable, CaseIterable, Hashable {
    case news
    case publication
    case event
}
