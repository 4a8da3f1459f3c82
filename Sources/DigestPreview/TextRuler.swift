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

    /// `text` as escaped HTML lines; a line wider than `width` display columns is wrapped in
    /// `<span class="over">` with its width in the title.
    static func markedLines(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let columns = DisplayWidth.of(line)
            let escaped = HTMLEscape.text(line)
            guard columns > width else { return escaped }
            return "<span class=\"over\" title=\"\(columns) columns, over \(width)\">\(escaped)</span>"
        }.joined(separator: "\n")
    }

    /// How many lines of `text` are wider than `width` display columns.
    static func overCount(_ text: String, width: Int) -> Int {
        text.split(separator: "\n").filter { DisplayWidth.of($0) > width }.count
    }
}
