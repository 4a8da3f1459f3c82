/// Which link destinations may reach a reader: web and mail links only.
enum LinkPolicy {
    /// Whether `destination` is an `http:`, `https:` or `mailto:` URL, or a fragment.
    static func isSafe(_ destination: String) -> Bool {
        let trimmed = destination.drop(while: { $0.isWhitespace })
        guard let colon = trimmed.firstIndex(of: ":") else { return false }
        let scheme = trimmed[..<colon].lowercased()
        return ["http", "https", "mailto"].contains(scheme)
    }
}
