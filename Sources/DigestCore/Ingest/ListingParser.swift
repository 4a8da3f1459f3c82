/// The listing format's grammar, fed one line of bytes at a time.
///
/// Lines are kept as bytes in one buffer per item; strings are only built for an item that
/// is kept, so skipping most of a large archive costs almost nothing.
struct ListingParser {
    /// Consecutive non-blank lines: indices into the segment's lines.
    struct Block {
        var lines: Range<Int>
        var firstLine: Int
    }

    /// A segment's blocks, counted from zero (a view of the parser's blocks, not a copy).
    struct Blocks {
        let blocks: ArraySlice<Block>

        init(_ blocks: ArraySlice<Block>) { self.blocks = blocks }

        var count: Int { blocks.count }
        var last: Block? { blocks.last }

        subscript(index: Int) -> Block { blocks[blocks.startIndex + index] }

        subscript(range: Range<Int>) -> ArraySlice<Block> {
            blocks[(blocks.startIndex + range.lowerBound)..<(blocks.startIndex + range.upperBound)]
        }

        func lastIndex(where predicate: (Block) -> Bool) -> Int? {
            blocks.lastIndex(where: predicate).map { $0 - blocks.startIndex }
        }
    }

    /// A `publication date:`, `start date:` or `end date:` line.
    struct DateLine {
        var label: DateLabel
        var value: Range<Int>
        var line: Int
    }

    /// The label of a date line; its raw value is its place among an item's dates.
    enum DateLabel: Int {
        case publication, start, end

        /// The label as the listing spells it (lower-case).
        var spelling: StaticString {
            switch self {
            case .publication: "publication date"
            case .start: "start date"
            case .end: "end date"
            }
        }
    }

    private let file: String
    private let topic: String?
    private let window: DateWindow?
    private var pageTitle: String?
    /// The current segment's lines: bytes in `bytes`, each line's range in `spans`.
    private var bytes: [UInt8] = []
    private var spans: [Range<Int>] = []
    private var numbers: [Int] = []
    private var openBlock: Int?
    private var blocks: [Block] = []
    private var dateLines: [DateLine] = []
    private var isFirstSegment = true
    /// The topics (lower-cased) of every good item so far.
    private(set) var topicsSeen: Set<String> = []
    /// How many good items so far, skipped ones included.
    private(set) var itemsSeen = 0
    /// Whether a block has ended (a blank line or the end of the input after text).
    private(set) var hasClosedABlock = false
    /// Tags met so far, as bytes and as text.
    private var knownTags: [(bytes: [UInt8], topic: String)] = []

    /// Creates a parser for the start of the file `file`.
    init(file: String, topic: String? = nil, window: DateWindow? = nil) {
        self.file = file
        self.topic = topic
        self.window = window
    }

    /// Creates a parser for a part of the file that begins where an item begins, after the
    /// first item (see ``ListingSplit``): `pageTitle` is the title read from the file's start.
    init(file: String, topic: String?, window: DateWindow?, continuingAfter pageTitle: String) {
        self.init(file: file, topic: topic, window: window)
        self.pageTitle = pageTitle
        isFirstSegment = false
    }

    /// The page title, once the file's first block has ended.
    var pageTitleRead: String? { pageTitle }

    /// Takes the next line; appends the items and diagnostics it completes to `results`.
    mutating func feed(_ line: UnsafeBufferPointer<UInt8>, number: Int, into results: inout [Result<Item, Diagnostic>])
    {
        if ListingParser.isBlank(line) {
            closeBlock(into: &results)
            return
        }
        if openBlock == nil { openBlock = spans.count }
        let start = bytes.count
        bytes.append(contentsOf: line)
        spans.append(start..<bytes.count)
        numbers.append(number)
    }

    /// Ends the input; appends the last items and diagnostics to `results`.
    mutating func finish(into results: inout [Result<Item, Diagnostic>]) {
        closeBlock(into: &results)
        finishSegment(into: &results)
    }

    private mutating func closeBlock(into results: inout [Result<Item, Diagnostic>]) {
        guard let start = openBlock else { return }
        openBlock = nil
        hasClosedABlock = true
        let lines = start..<spans.count
        if pageTitle == nil {
            pageTitle = lines.map { text($0) }.joined(separator: " ")
            clear(keepingFrom: spans.count)
            return
        }
        // A block of date lines only adds to the segment's dates; any other line makes it text.
        let datesBefore = dateLines.count
        var allDates = true
        for index in lines {
            guard let date = dateLine(index) else {
                allDates = false
                break
            }
            dateLines.append(date)
        }
        guard !allDates else { return }
        dateLines.removeSubrange(datesBefore...)
        var block = Block(lines: lines, firstLine: numbers[start])
        if !dateLines.isEmpty {
            finishSegment(into: &results)
            clear(keepingFrom: start)
            block.lines = 0..<lines.count
        }
        blocks.append(block)
    }

    /// Drops the segment's lines before `start`, keeping the later ones.
    private mutating func clear(keepingFrom start: Int) {
        if start >= spans.count {
            bytes.removeAll(keepingCapacity: true)
            spans.removeAll(keepingCapacity: true)
            numbers.removeAll(keepingCapacity: true)
            return
        }
        let offset = spans[start].lowerBound
        bytes.removeSubrange(0..<offset)
        spans = spans[start...].map { ($0.lowerBound - offset)..<($0.upperBound - offset) }
        numbers.removeSubrange(0..<start)
    }

    private mutating func finishSegment(into results: inout [Result<Item, Diagnostic>]) {
        defer {
            blocks.removeAll(keepingCapacity: true)
            dateLines.removeAll(keepingCapacity: true)
            isFirstSegment = false
        }
        guard !blocks.isEmpty || !dateLines.isEmpty else { return }
        let resultsBefore = results.count
        var segment = blocks[...]
        // A kind line inside the segment means an item lost its date line: report that item
        // and go on with the blocks after it.
        let start = isFirstSegment ? firstTitleIndex(segment) : 0
        while let kindAt = segment.indices.first(where: {
            $0 > start && $0 < segment.endIndex - 1 && kind(of: segment[$0]) != nil
        }) {
            let kindBlock = segment[kindAt]
            results.append(
                .failure(
                    Diagnostic(
                        location: SourceLocation(file: file, line: kindBlock.firstLine),
                        problem: "the kind line “\(text(kindBlock))” is not followed by a date line",
                        skipped:
                            "the text from line \(segment[segment.startIndex].firstLine) to line \(kindBlock.firstLine)"
                    )))
            segment = segment[(kindAt + 1)...]
        }
        guard !dateLines.isEmpty else {
            guard let block = segment.first else { return }
            results.append(
                .failure(
                    Diagnostic(
                        location: SourceLocation(file: file, line: block.firstLine),
                        problem: "the text at the end of the file has no kind and date lines",
                        skipped: "“\(ListingParser.excerpt(text(block)))”")))
            return
        }
        if let item = makeItem(segment, isFirst: isFirstSegment && results.count == resultsBefore) {
            results.append(item)
        }
    }

    /// The item of a segment, a diagnostic, or nil when the window leaves the item out.
    private mutating func makeItem(_ segment: ArraySlice<Block>, isFirst: Bool) -> Result<Item, Diagnostic>? {
        let segment = Blocks(segment)
        let firstDateLine = dateLines[0].line
        // Tags: the blocks made only of tag lines; the title follows the last of them.
        var tagBlocks: Range<Int>?
        var titleIndex: Int
        if let lastTagBlock = segment.lastIndex(where: { isTagBlock($0) }) {
            var first = lastTagBlock
            while first > 0, isTagBlock(segment[first - 1]) { first -= 1 }
            tagBlocks = first..<(lastTagBlock + 1)
            titleIndex = lastTagBlock + 1
        } else if isFirst {
            titleIndex = firstTitleIndex(segment.blocks) - segment.blocks.startIndex
        } else {
            titleIndex = 0
        }
        guard titleIndex < segment.count - 1 else {
            return .failure(
                Diagnostic(
                    location: SourceLocation(file: file, line: segment.last?.firstLine ?? firstDateLine),
                    problem: "an item needs a title line and a kind line before its date",
                    skipped: "the item dated at line \(firstDateLine)"))
        }
        let titleBlock = segment[titleIndex]
        func failure(_ problem: String, line: Int) -> Result<Item, Diagnostic> {
            let title = ListingParser.excerpt(titleBlock.lines.map { text($0) }.joined(separator: " "))
            return .failure(
                Diagnostic(
                    location: SourceLocation(file: file, line: line), problem: problem, skipped: "item “\(title)”"))
        }

        let kindBlock = segment[segment.count - 1]
        guard let kind = kind(of: kindBlock) else {
            return failure(
                "expected a kind line (news, publication or event) before the date, found “\(ListingParser.excerpt(text(kindBlock)))”",
                line: kindBlock.firstLine)
        }

        // Each label at most once: publication, start, end.
        var days: [(day: Day, line: Int)?] = [nil, nil, nil]
        for entry in dateLines {
            let slot = entry.label.rawValue
            guard days[slot] == nil else {
                return failure("a second “\(entry.label.spelling)” line", line: entry.line)
            }
            guard let day = ListingParser.day(bytes[entry.value]) else {
                let value = String(decoding: bytes[entry.value], as: UTF8.self)
                return failure(
                    "\(entry.label.spelling) “\(value)” is not a real day in the form DD-MM-YYYY", line: entry.line)
            }
            days[slot] = (day, entry.line)
        }
        let (published, started, ended) = (days[0], days[1], days[2])
        let date: Day
        var end: Day?
        switch kind {
        case .news, .publication:
            guard let published, started == nil, ended == nil else {
                return failure(
                    "a \(kind.rawValue) needs exactly one “publication date: DD-MM-YYYY” line", line: firstDateLine)
            }
            date = published.day
        case .event:
            guard let started, published == nil else {
                return failure(
                    "an event needs a “start date: DD-MM-YYYY” line (and may have an “end date:”)", line: firstDateLine)
            }
            date = started.day
            end = ended?.day ?? started.day
            if let ended, ended.day < started.day {
                return failure("end date \(ended.day) is before start date \(started.day)", line: ended.line)
            }
        }

        // An untagged item takes the source's topic or the page title. Every topic counts
        // among those seen, a skipped item's too; only a kept item's are listed.
        let fallback = tagBlocks == nil ? [topic, pageTitle].compactMap({ $0 }).first(where: { !$0.isEmpty }) : nil
        if let fallback { topicsSeen.insert(fallback.lowercased()) }
        itemsSeen += 1
        let kept = window?.includes(kind: kind, date: date, end: end) ?? true
        var topics: [String] = fallback.map { [$0] } ?? []
        if let tagBlocks {
            for block in segment[tagBlocks] {
                for line in block.lines {
                    let name = tag(line)
                    if kept { topics.append(name) }
                }
            }
        }
        guard kept else { return nil }

        let title = titleBlock.lines.map { text($0) }.joined(separator: " ")
        let summary = MarkdownAutolink.apply(
            ScriptRemoval.apply(
                segment[(titleIndex + 1)..<(segment.count - 1)].map { text($0) }.joined(separator: "\n\n")))
        return .success(
            Item(
                id: "\(date)-\(ListingParser.slug(title))-\(ListingParser.shortHash(title))", title: title,
                summary: summary, kind: kind, date: date, end: end, topics: topics, link: nil,
                origin: SourceLocation(file: file, line: titleBlock.firstLine)))
    }

    // MARK: Line shapes, on bytes

    /// A line's text without surrounding white space.
    private func text(_ line: Int) -> String {
        String(decoding: bytes[ListingParser.trim(bytes, spans[line])], as: UTF8.self)
    }

    /// A block's lines, each trimmed, joined with newlines.
    private func text(_ block: Block) -> String {
        block.lines.map { text($0) }.joined(separator: "\n")
    }

    private func isTagLine(_ line: Int) -> Bool {
        let body = ListingParser.trim(bytes, spans[line])
        return body.count > 3 && bytes[body.lowerBound] == 0xE2 && bytes[body.lowerBound + 1] == 0x80
            && bytes[body.lowerBound + 2] == 0xA2
            && !ListingParser.trim(bytes, (body.lowerBound + 3)..<body.upperBound).isEmpty
    }

    private func isTagBlock(_ block: Block) -> Bool {
        // A closure, not `allSatisfy(isTagLine)`: a method reference copies the whole parser.
        block.lines.allSatisfy { isTagLine($0) }
    }

    /// `  •  cooperation` → `cooperation`, recording it among the topics seen. A listing has
    /// few distinct tags, so their strings are kept and reused.
    private mutating func tag(_ line: Int) -> String {
        let body = ListingParser.trim(bytes, spans[line])
        let name = bytes[ListingParser.trim(bytes, (body.lowerBound + 3)..<body.upperBound)]
        for known in knownTags where known.bytes.count == name.count && known.bytes.elementsEqual(name) {
            return known.topic
        }
        let topic = String(decoding: name, as: UTF8.self)
        topicsSeen.insert(topic.lowercased())
        if knownTags.count < 64 { knownTags.append((Array(name), topic)) }
        return topic
    }

    /// The kind a single-line block names, if it is a kind line.
    private func kind(of block: Block) -> ItemKind? {
        guard block.lines.count == 1 else { return nil }
        let word = bytes[ListingParser.trim(bytes, spans[block.lines.lowerBound])]
        // Most blocks are text: only a word as long as a kind's name can be one.
        guard word.count == 4 || word.count == 5 || word.count == 11 else { return nil }
        for kind in ItemKind.allCases where ListingParser.equalsIgnoringCase(word, kind.rawValue) { return kind }
        return nil
    }

    /// `publication date: 19-04-2019`, `start date: …`, `end date: …`.
    private func dateLine(_ line: Int) -> DateLine? {
        guard let (label, value) = ListingParser.dateLabel(bytes, spans[line]) else { return nil }
        return DateLine(label: label, value: value, line: numbers[line])
    }

    /// Whether a line (without its line ending) is blank: white space only, as ``trim(_:_:)``
    /// counts it. Blank lines end blocks.
    static func isBlank(_ line: some RandomAccessCollection<UInt8>) -> Bool {
        trim(line, 0..<line.count).isEmpty
    }

    /// When the line at `span` of `bytes` (without its line ending) is a date line, its label
    /// (`publication date`, `start date` or `end date`) and the range of its value.
    static func dateLabel(
        _ bytes: some RandomAccessCollection<UInt8>, _ span: Range<Int>
    ) -> (label: DateLabel, value: Range<Int>)? {
        // Most lines are summary text: reject them on their first letter and their length.
        guard span.count <= 64 else { return nil }
        let base = bytes.startIndex
        func at(_ index: Int) -> UInt8 { bytes[bytes.index(base, offsetBy: index)] }
        let range = trim(bytes, span)
        guard let first = range.first.map({ at($0) | 0x20 }),
            first == UInt8(ascii: "p") || first == UInt8(ascii: "s") || first == UInt8(ascii: "e"),
            let colon = range.first(where: { at($0) == UInt8(ascii: ":") })
        else { return nil }
        let label = trim(bytes, range.lowerBound..<colon)
        let name: DateLabel
        switch label.count {
        case 16: name = .publication
        case 10: name = .start
        case 8: name = .end
        default: return nil
        }
        let spelling = name.spelling
        for (offset, index) in label.enumerated() {
            let letter = spelling.utf8Start[offset]
            if at(index) | 0x20 != letter && at(index) != letter { return nil }
        }
        return (name, trim(bytes, (colon + 1)..<range.upperBound))
    }

    /// In the first segment, the index of the first item's title: the first title-like block
    /// before the kind line, else the first block.
    private func firstTitleIndex(_ segment: ArraySlice<Block>) -> Int {
        segment.dropLast().firstIndex { looksLikeTitle($0) && kind(of: $0) == nil } ?? segment.startIndex
    }

    /// In the first segment, tells the first item's title from the page's intro paragraphs:
    /// a single line of at most 200 characters that does not end like a sentence.
    private func looksLikeTitle(_ block: Block) -> Bool {
        guard block.lines.count == 1 else { return false }
        let range = ListingParser.trim(bytes, spans[block.lines.lowerBound])
        guard let last = range.last else { return false }
        let characters = bytes[range].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return characters <= 200 && !".!?:;".utf8.contains(bytes[last])
    }

    // MARK: Byte helpers

    /// `range` without white space at either end (ASCII white space, no-break and other
    /// Unicode spaces).
    static func trim(_ bytes: some RandomAccessCollection<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        let base = bytes.startIndex
        func at(_ index: Int) -> UInt8 { bytes[bytes.index(base, offsetBy: index)] }
        while lower < upper {
            let width = spaceWidth(forwardAt: lower, upper, at)
            if width == 0 { break }
            lower += width
        }
        while upper > lower {
            let width = spaceWidth(backwardBefore: upper, lower, at)
            if width == 0 { break }
            upper -= width
        }
        return lower..<upper
    }

    private static func spaceWidth(forwardAt index: Int, _ end: Int, _ at: (Int) -> UInt8) -> Int {
        let byte = at(index)
        if byte == 32 || (9...13).contains(byte) { return 1 }
        if byte == 0xC2, index + 1 < end, at(index + 1) == 0xA0 { return 2 }
        if byte == 0xE2 || byte == 0xE3, index + 2 < end {
            return isWideSpace(byte, at(index + 1), at(index + 2)) ? 3 : 0
        }
        return 0
    }

    private static func spaceWidth(backwardBefore end: Int, _ start: Int, _ at: (Int) -> UInt8) -> Int {
        let byte = at(end - 1)
        if byte == 32 || (9...13).contains(byte) { return 1 }
        if byte == 0xA0, end - 2 >= start, at(end - 2) == 0xC2 { return 2 }
        if end - 3 >= start, isWideSpace(at(end - 3), at(end - 2), byte) { return 3 }
        return 0
    }

    /// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
    private static func isWideSpace(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        if a == 0xE2, b == 0x80 { return (0x80...0x8A).contains(c) || c == 0xA8 || c == 0xA9 || c == 0xAF }
        if a == 0xE2, b == 0x81 { return c == 0x9F }
        return a == 0xE3 && b == 0x80 && c == 0x80
    }

    /// Case-insensitive comparison of bytes with an ASCII word.
    static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ word: String) -> Bool {
        guard bytes.count == word.utf8.count else { return false }
        return zip(bytes, word.utf8).allSatisfy { ($0 | 0x20) == $1 || $0 == $1 }
    }

    /// `DD-MM-YYYY` → a day, when it exists.
    static func day(_ bytes: ArraySlice<UInt8>) -> Day? {
        guard bytes.count == 10 else { return nil }
        let b = Array(bytes)
        guard b[2] == UInt8(ascii: "-"), b[5] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (48...57).contains(b[index]) else { return nil }
                value = value * 10 + Int(b[index] - 48)
            }
            return value
        }
        guard let d = number(0..<2), let m = number(3..<5), let y = number(6..<10) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    // MARK: Text helpers shared with other sources

    /// The title's ASCII letters and digits, lower-cased, other runs as `-`, at most 60 long.
    static func slug(_ title: String) -> String {
        var slug: [UInt8] = []
        for byte in title.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): slug.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): slug.append(byte | 0x20)
            default: if let last = slug.last, last != UInt8(ascii: "-") { slug.append(UInt8(ascii: "-")) }
            }
            if slug.count >= 60 { break }
        }
        while slug.last == UInt8(ascii: "-") { slug.removeLast() }
        return String(decoding: slug, as: UTF8.self)
    }

    /// Eight hex digits of FNV-1a over the title, so ids differ even when slugs are empty.
    static func shortHash(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    static func excerpt(_ text: String) -> String {
        // The first line, looked for only in the start: a 4 MB line costs no more than a short one.
        let line = text.prefix(200).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 60 ? String(line.prefix(57)) + "…" : line
    }
}
