/// An address as a page or a log line may show it: the first character of the local part, a
/// mask, and the domain (`a•••@example.org`), so a screenshot or a log never carries it whole.
package enum MaskedAddress {
    /// The masked form of `address`; anything without one `@` is masked entirely.
    package static func of(_ address: String) -> String {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = parts[0].first, !parts[1].isEmpty else { return "•••" }
        let domain = parts[1].unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F } ? parts[1] : "•••"
        return "\(first)•••@\(domain.prefix(80))"
    }
}
