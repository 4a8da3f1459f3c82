/// What sort of thing an item announces. Readers see it labelled in their language
/// (`ReaderLanguage.label(_:)`).
package enum ItemKind: String, Sendable, CaseIterable, Hashable {
    case news
    case publication
    case event
}
