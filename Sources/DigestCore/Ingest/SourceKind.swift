/// The kinds of source digest reads, told apart by content rather than by file name.
enum SourceKind: Equatable, Sendable {
    /// The listing text format.
    case listing
    /// A Markdown file with YAML front matter.
    case markdown
    /// A folder of Markdown files, read recursively.
    case markdownFolder
    /// An XML document: RSS 2.0 or Atom 1.0, told apart by its root element once parsed.
    case xmlFeed
    /// A JSON document: JSON Feed.
    case jsonFeed
    /// Nothing but whitespace.
    case empty

    /// The kind of a file from its first bytes (and, only for a file without front matter, its name).
    ///
    /// `<` starts an XML feed, `{` a JSON Feed, a `---` line front matter; a `.md` or
    /// `.markdown` file without front matter is still Markdown (and reported as such); anything
    /// else is a listing.
    static func detect(prefix: [UInt8], name: String) -> SourceKind {
        var bytes = prefix[...]
        // A UTF-16 byte-order mark: only XML feeds are written so.
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return .xmlFeed }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let first = bytes.first(where: { !isSpace($0) })
        switch first {
        case nil: return .empty
        case UInt8(ascii: "<"): return .xmlFeed
        case UInt8(ascii: "{"): return .jsonFeed
        default: break
        }
        let dashes: [UInt8] = Array("---".utf8)
        if bytes.starts(with: dashes) {
            let rest = bytes.dropFirst(3).prefix(while: { $0 != 0x0A })
            if rest.allSatisfy(isSpace) { return .markdown }
        }
        let lower = name.lowercased()
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        return .listing
    }
}
