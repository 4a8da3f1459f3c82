import DigestCore

/// The plain-text part laid out against a column ruler, lines wider than the limit marked.
enum TextRuler {
    /// A two-line ruler `width` columns wide: tens on the first line, ticks on the second.
    static func ruler(width: Int) -> String {
        var tens = ""
        var ticks = ""
        for column in 1...max(1, width) {
            if column % 10 == 0 {
                let label = String(column / 10)
                tens = String(tens.dropLast(label.count - 1)) + label
                ticks += "|"
            } else {
                tens += " "
                ticks += column % 5 == 0 ? "+" : "-"
            }
        }
        return tens + "\n" + ticks
    }

    /// The display columns of a line of `format=flowed` text: a soft line's trailing space
    /// (RFC 3676: it only says the line goes on) is not counted, so a flowed line of 72
    /// columns and its space is 72 columns, not 73.
    static func columns(_ line: Substring) -> Int {
        DisplayWidth.of(line.hasSuffix(" ") ? line.dropLast() : line)
    }

    /// `text` as escaped HTML lines; a line wider than `width` display columns (see
    /// ``columns(_:)``) is wrapped in `<span class="over">` with its width in the title.
    static func markedLines(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let columns = Self.columns(line)
            let escaped = HTMLEscape.text(line)
            guard columns > width else { return escaped }
            return "<span class=\"over\" title=\"\(columns) columns, over \(width)\">\(escaped)</span>"
        }.joined(separator: "\n")
    }

    /// How many lines of `text` are wider than `width` display columns (see ``columns(_:)``).
    static func overCount(_ text: String, width: Int) -> Int {
        text.split(separator: "\n").filter { columns($0) > width }.count
    }
}
