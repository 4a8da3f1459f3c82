/// Where a listing can be cut so that each part is parsed on its own, with the same items
/// and diagnostics as one parse of the whole file.
///
/// The rule: a part may begin at a line that is not blank and not a date line, when the
/// lines before it are, going back, one or more blank lines, a block made only of date lines
/// (preceded by a blank line), and before that some line that is not blank. Proof, from
/// ``ListingParser``: that date block is not the file's first block (the page title), so the
/// parser adds its lines to the item's date lines; the next block is not made only of date
/// lines, so when it ends, the parser finishes the item before it and starts a new segment
/// holding only that block. From there the parser's state is that of a fresh parser that
/// knows the page title and is past the first segment (``ListingParser/init(file:topic:window:continuingAfter:)``);
/// the item before the cut is the first part's last, given by its `finish()`. What the two
/// parsers cannot tell apart, the parser does not keep. Blank lines and date lines are
/// recognised by the parser's own functions, so the scanner and the parser cannot disagree.
struct ListingSplit {
    private enum Phase {
        /// Looking for the end of the line the search started in.
        case aligning
        /// Looking for a line that is not blank.
        case seekingText
        /// In a block whose start is not known.
        case inBlock
        /// After a blank line, with text before it.
        case afterBlank
        /// In a block of date lines that started after a blank line.
        case inDateBlock
        /// After a blank line that ended a block of date lines.
        case afterDateBlock
    }

    private var phase: Phase
    /// Where the next line to look at starts.
    private var position: Int

    /// Starts looking for a cut at or after `offset` of the bytes to come.
    init(searchingFrom offset: Int) {
        phase = offset == 0 ? .seekingText : .aligning
        position = max(offset - 1, 0)
    }

    /// Looks at the whole lines of `bytes` (the part so far, from its start) not yet looked at.
    ///
    /// - Parameter atEnd: whether `bytes` runs to the end of the file, so that its last line is
    ///   whole without an LF.
    /// - Returns: the offset of the first line a new part may begin with, or nil when there is
    ///   none yet (call again with more bytes).
    mutating func next(in bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool) -> Int? {
        while position < bytes.count {
            let rest = UnsafeBufferPointer(rebasing: bytes[position...])
            let newline = System.firstIndex(of: 10, in: rest).map { position + $0 }
            if phase == .aligning {
                guard let newline else { return nil }
                position = newline + 1
                phase = .seekingText
                continue
            }
            guard newline != nil || atEnd else { return nil }
            let start = position
            var end = newline ?? bytes.count
            if end > start, bytes[end - 1] == 13 { end -= 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            position = (newline ?? bytes.count) + 1
            let blank = ListingParser.isBlank(line)
            let date = !blank && ListingParser.dateLabel(line, 0..<line.count) != nil
            switch phase {
            case .aligning: break
            case .seekingText: if !blank { phase = .inBlock }
            case .inBlock: if blank { phase = .afterBlank }
            case .afterBlank: if !blank { phase = date ? .inDateBlock : .inBlock }
            case .inDateBlock: if blank { phase = .afterDateBlock } else if !date { phase = .inBlock }
            case .afterDateBlock:
                if !blank {
                    if !date { return start }
                    phase = .inDateBlock
                }
            }
        }
        return nil
    }
}
