/// A news page copied as text: the page title, intro paragraphs, then items.
///
/// Each item is: optional tag lines (`  •  cooperation`) before its title, the title line, the
/// summary paragraph(s), a kind line (`news`, `publication`, `event`), then
/// `publication date: DD-MM-YYYY`, or for events `start date:` and `end date:` lines.
/// Items without tags take the page title as their topic.
public struct ListingSource: ItemSource {
    /// The path as the user gave it.
    public let path: String
    /// The topic of untagged items; nil uses the page title.
    public let topic: String?

    /// Creates a source for the listing file at `path`.
    public init(path: String) {
        self.init(path: path, topic: nil)
    }

    /// Creates a source for the listing file at `path`; `topic` replaces the page title as the
    /// topic of untagged items.
    public init(path: String, topic: String?) {
        self.path = path
        self.topic = topic
    }

    public var name: String { path }

    public func read() throws(DigestError) -> SourceReading {
        var reading = SourceReading()
        try forEachItem { (result) throws(DigestError) in
            switch result {
            case .success(let item): reading.items.append(item)
            case .failure(let diagnostic): reading.diagnostics.append(diagnostic)
            }
        }
        return reading
    }

    /// Streams the file, calling `body` with each item or diagnostic as soon as it is complete.
    public func forEachItem(
        _ body: (Result<Item, Diagnostic>) throws(DigestError) -> Void
    ) throws(DigestError) {
        var parser = ListingParser(file: path, topic: topic)
        try LineReader(path: path).forEachLine { (line, number) throws(DigestError) in
            for result in parser.feed(line, number: number) { try body(result) }
        }
        for result in parser.finish() { try body(result) }
    }
}

/// The listing format's grammar, fed one line at a time.
struct ListingParser {
    /// Consecutive non-blank lines.
    struct Block {
        var lines: [Substring]
        var firstLine: Int
        var text: String { lines.joined(separator: "\n") }
    }

    private let file: String
    private let topic: String?
    private var pageTitle: String?
    private var current: Block?
    private var segment: [Block] = []
    private var dateLines: [(label: Substring, value: Substring, line: Int)] = []
    private var isFirstSegment = true

    init(file: String, topic: String? = nil) {
        self.file = file
        self.topic = topic
    }

    /// Takes the next line; returns the items and diagnostics it completes.
    mutating func feed(_ line: Substring, number: Int) -> [Result<Item, Diagnostic>] {
        if ListingParser.isBlank(line) {
            return closeBlock()
        }
        if current == nil {
            current = Block(lines: [line], firstLine: number)
        } else {
            current!.lines.append(line)
        }
        return []
    }

    /// Ends the input; returns the last items and diagnostics.
    mutating func finish() -> [Result<Item, Diagnostic>] {
        closeBlock() + finishSegment()
    }

    private mutating func closeBlock() -> [Result<Item, Diagnostic>] {
        guard let block = current else { return [] }
        current = nil
        if pageTitle == nil {
            pageTitle = ListingParser.trimmed(block.lines.joined(separator: " "))
            return []
        }
        let dates = block.lines.enumerated().compactMap { offset, line in
            ListingParser.dateLine(line).map { (label: $0.label, value: $0.value, line: block.firstLine + offset) }
        }
        if dates.count == block.lines.count {
            dateLines.append(contentsOf: dates)
            return []
        }
        var results: [Result<Item, Diagnostic>] = []
        if !dateLines.isEmpty {
            results = finishSegment()
        }
        segment.append(block)
        return results
    }

    private mutating func finishSegment() -> [Result<Item, Diagnostic>] {
        defer {
            segment.removeAll(keepingCapacity: true)
            dateLines.removeAll(keepingCapacity: true)
            isFirstSegment = false
        }
        guard !segment.isEmpty || !dateLines.isEmpty else { return [] }
        var results: [Result<Item, Diagnostic>] = []
        var segment = self.segment[...]
        // A kind line inside the segment means an item lost its date line: report that item
        // and go on with the blocks after it.
        let start = isFirstSegment ? ListingParser.firstTitleIndex(segment) : 0
        while let kindAt = segment.indices.first(where: {
            $0 > start && $0 < segment.endIndex - 1 && ListingParser.isKindBlock(segment[$0])
        }) {
            let kindBlock = segment[kindAt]
            results.append(
                .failure(
                    Diagnostic(
                        location: SourceLocation(file: file, line: kindBlock.firstLine),
                        problem:
                            "the kind line “\(ListingParser.trimmed(kindBlock.text))” is not followed by a date line",
                        skipped:
                            "the text from line \(segment[segment.startIndex].firstLine) to line \(kindBlock.firstLine)"
                    )))
            segment = segment[(kindAt + 1)...]
        }
        guard !dateLines.isEmpty else {
            guard let block = segment.first else { return results }
            return results + [
                .failure(
                    Diagnostic(
                        location: SourceLocation(file: file, line: block.firstLine),
                        problem: "the text at the end of the file has no kind and date lines",
                        skipped: "“\(ListingParser.excerpt(block.text))”"))
            ]
        }
        return results + [makeItem(Array(segment), isFirst: isFirstSegment && results.isEmpty)]
    }

    private func makeItem(_ segment: [Block], isFirst isFirstSegment: Bool) -> Result<Item, Diagnostic> {
        let firstDateLine = dateLines[0].line
        // Tags: the blocks made only of tag lines; the title follows the last of them.
        var topics: [String] = []
        var titleIndex: Int?
        if let lastTagBlock = segment.lastIndex(where: { $0.lines.allSatisfy { ListingParser.tag($0) != nil } }) {
            var first = lastTagBlock
            while first > 0, segment[first - 1].lines.allSatisfy({ ListingParser.tag($0) != nil }) { first -= 1 }
            topics = segment[first...lastTagBlock].flatMap { $0.lines.compactMap(ListingParser.tag) }
            titleIndex = lastTagBlock + 1
        } else if isFirstSegment {
            titleIndex = ListingParser.firstTitleIndex(segment[...])
        } else {
            titleIndex = 0
        }
        guard let titleAt = titleIndex, titleAt < segment.count - 1 else {
            let block = segment.last
            return .failure(
                Diagnostic(
                    location: SourceLocation(file: file, line: block?.firstLine ?? firstDateLine),
                    problem: "an item needs a title line and a kind line before its date",
                    skipped: "the item dated at line \(firstDateLine)"))
        }
        let titleBlock = segment[titleAt]
        let title = ListingParser.trimmed(titleBlock.lines.joined(separator: " "))
        let skipped = "item “\(ListingParser.excerpt(title))”"
        let origin = SourceLocation(file: file, line: titleBlock.firstLine)
        func failure(_ problem: String, line: Int) -> Result<Item, Diagnostic> {
            .failure(Diagnostic(location: SourceLocation(file: file, line: line), problem: problem, skipped: skipped))
        }

        let kindBlock = segment[segment.count - 1]
        let kindWord = ListingParser.trimmed(kindBlock.text).lowercased()
        guard kindBlock.lines.count == 1, let kind = ItemKind(rawValue: kindWord) else {
            return failure(
                "expected a kind line (news, publication or event) before the date, found “\(ListingParser.excerpt(kindBlock.text))”",
                line: kindBlock.firstLine)
        }

        var days: [String: (day: Day, line: Int)] = [:]
        for entry in dateLines {
            let label = entry.label.lowercased()
            guard days[label] == nil else {
                return failure("a second “\(label)” line", line: entry.line)
            }
            guard let day = Day(dayMonthYear: entry.value) else {
                return failure("\(label) “\(entry.value)” is not a real day in the form DD-MM-YYYY", line: entry.line)
            }
            days[label] = (day, entry.line)
        }
        let date: Day
        var end: Day?
        switch kind {
        case .news, .publication:
            guard let published = days["publication date"], days.count == 1 else {
                return failure(
                    "a \(kind.rawValue) needs exactly one “publication date: DD-MM-YYYY” line", line: firstDateLine)
            }
            date = published.day
        case .event:
            guard let start = days["start date"], days["publication date"] == nil else {
                return failure(
                    "an event needs a “start date: DD-MM-YYYY” line (and may have an “end date:”)", line: firstDateLine)
            }
            date = start.day
            end = days["end date"]?.day ?? start.day
            if let last = days["end date"], last.day < start.day {
                return failure("end date \(last.day) is before start date \(start.day)", line: last.line)
            }
        }

        let summary = segment[(titleAt + 1)..<(segment.count - 1)]
            .map { ListingParser.trimmed($0.text) }
            .joined(separator: "\n\n")
        if topics.isEmpty, let topic, !topic.isEmpty { topics = [topic] }
        if topics.isEmpty, let pageTitle, !pageTitle.isEmpty { topics = [pageTitle] }
        return .success(
            Item(
                id: "\(date)-\(ListingParser.slug(title))", title: title, summary: summary, kind: kind,
                date: date, end: end, topics: topics, link: nil, origin: origin))
    }

    // MARK: Line shapes

    static func isKindBlock(_ block: Block) -> Bool {
        block.lines.count == 1 && ItemKind(rawValue: trimmed(block.lines[0]).lowercased()) != nil
    }

    static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy(\.isWhitespace)
    }

    static func trimmed(_ text: some StringProtocol) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }

    /// `  •  cooperation` → `cooperation`.
    static func tag(_ line: Substring) -> String? {
        let body = line.drop(while: \.isWhitespace)
        guard body.first == "•" else { return nil }
        let topic = trimmed(body.dropFirst())
        return topic.isEmpty ? nil : topic
    }

    /// `publication date: 19-04-2019` → (`publication date`, `19-04-2019`).
    static func dateLine(_ line: Substring) -> (label: Substring, value: Substring)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let label = line[..<colon].drop(while: \.isWhitespace)
        switch label.lowercased() {
        case "publication date", "start date", "end date":
            let value = line[line.index(after: colon)...]
            return (label, Substring(trimmed(value)))
        default:
            return nil
        }
    }

    /// In the first segment, the index of the first item's title: the first title-like block
    /// before the kind line, else the first block.
    static func firstTitleIndex(_ segment: ArraySlice<Block>) -> Int {
        segment.dropLast().firstIndex { looksLikeTitle($0) && !isKindBlock($0) } ?? segment.startIndex
    }

    /// In the first segment, tells the first item's title from the page's intro paragraphs:
    /// a single short line that does not end like a sentence.
    static func looksLikeTitle(_ block: Block) -> Bool {
        let text = trimmed(block.text)
        guard block.lines.count == 1, text.count <= 200, let last = text.last else { return false }
        return !".!?:;".contains(last)
    }

    static func slug(_ title: String) -> String {
        var slug = ""
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
            if slug.count >= 60 { break }
        }
        while slug.last == "-" { slug.removeLast() }
        return slug
    }

    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 60 ? String(line.prefix(57)) + "…" : line
    }
}
