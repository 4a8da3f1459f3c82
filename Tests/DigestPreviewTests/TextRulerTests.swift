import Testing

@testable import DigestPreview

/// The 72-column ruler and the marking of lines that are too wide.
struct TextRulerTests {
    @Test func theRulerIsExactlyAsWideAsAsked() {
        let lines = TextRuler.ruler(width: 72).split(separator: "\n")
        #expect(lines.map(\.count) == [72, 72])
        #expect(lines[0].hasPrefix("         1         2"))
        #expect(lines[1].hasPrefix("----+----|----+----|"))
        #expect(lines[1].hasSuffix("|--"))
    }

    @Test func linesWiderThanTheLimitAreMarkedByDisplayWidth() {
        let fits = String(repeating: "x", count: 72)
        let over = String(repeating: "x", count: 73)
        let wide = String(repeating: "漢", count: 37)  // 74 columns in 37 characters
        let marked = TextRuler.markedLines([fits, over, wide, "<b>"].joined(separator: "\n"), width: 72)
        let lines = marked.split(separator: "\n")
        #expect(lines[0] == fits)
        #expect(lines[1] == "<span class=\"over\" title=\"73 columns, over 72\">\(over)</span>")
        #expect(lines[2].hasPrefix("<span class=\"over\" title=\"74 columns"))
        #expect(lines[3] == "&lt;b&gt;")
        #expect(TextRuler.overCount([fits, over, wide].joined(separator: "\n"), width: 72) == 2)
    }

    @Test func aFlowedLinesSoftBreakSpaceIsNotCounted() {
        let flowed = String(repeating: "x", count: 72) + " "  // 72 columns, then the space that flows
        let over = String(repeating: "x", count: 73) + " "
        let marked = TextRuler.markedLines([flowed, over].joined(separator: "\n"), width: 72).split(separator: "\n")
        #expect(marked[0] == flowed, "a flowed line of 72 columns is not marked")
        #expect(marked[1].hasPrefix("<span class=\"over\" title=\"73 columns, over 72\">"))
        #expect(TextRuler.overCount([flowed, over].joined(separator: "\n"), width: 72) == 1)
    }
}
