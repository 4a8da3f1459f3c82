import Testing

@testable import DigestCore

struct RenderTests {
    private func text(_ markdown: String, width: Int = 72) -> String {
        PlainTextRenderer(width: width).render(CommonMarkDocument(markdown: markdown).blocks()).text
    }

    @Test func rawHTMLAndScriptLinksNeverReachTheHTML() {
        let html = CommonMarkDocument(
            markdown:
                "Hi <script>alert(1)</script> [x](javascript:alert(1)) [y](vbscript:x) [z](data:text/html,hi)\n\n<iframe src=x></iframe>"
        ).html()
        #expect(!html.contains("<script"))
        #expect(!html.contains("<iframe"))
        #expect(!html.lowercased().contains("javascript:"))
        #expect(!html.lowercased().contains("vbscript:"))
        #expect(!html.lowercased().contains("data:text"))
        #expect(html.contains("<a href=\"\">x</a>"))
    }

    @Test func scriptLinksAreNotListedInTheText() {
        let rendered = text("[x](javascript:alert(1)) and <b>bold</b> [site](https://example.org)")
        #expect(!rendered.contains("javascript"))
        #expect(!rendered.contains("<b>"))
        #expect(rendered == "x and bold site [1]\n\n[1] https://example.org")
    }

    @Test func paragraphsWrapAt72DisplayColumns() {
        let words = Array(repeating: "municipality", count: 30).joined(separator: " ")
        let lines = text(words).split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { String($0).trimmingSuffixSpaces().count <= 72 })
        #expect(lines.dropLast().allSatisfy { $0.count > 60 && $0.hasSuffix(" ") }, "soft (flowed) breaks")
    }

    @Test func wideCharactersCountTwoColumns() {
        let lines = text(Array(repeating: "東京都庁", count: 12).joined(separator: " ")).split(separator: "\n")
        // Each word is 8 columns wide: eight words and seven spaces make 71 columns.
        #expect(lines.first.map { $0.split(separator: " ").count } == 8)
        #expect(lines.allSatisfy { DisplayWidth.of(String($0).trimmingSuffixSpaces()) <= 72 })
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("👍") == 2)
    }

    @Test func longURLsAreNeverBroken() {
        let url = "https://example.org/" + String(repeating: "a", count: 100)
        let rendered = text("See <\(url)> now")
        #expect(rendered.split(separator: "\n").contains { String($0).trimmingSuffixSpaces() == url })
    }

    @Test func linksBecomeNumberedReferencesAfterTheText() {
        let rendered = text(
            "Read [the report](https://a.example/r) and [the map](https://b.example/m), or [again](https://a.example/r)."
        )
        #expect(
            rendered
                == "Read the report [1] and the map [2], or again [1].\n\n[1] https://a.example/r\n[2] https://b.example/m"
        )
    }

    @Test func listsAreIndentedAndNested() {
        let rendered = text("Steps:\n\n1. first\n2. second, with a nested list:\n   - alpha\n   - beta\n\n> quoted")
        #expect(rendered == "Steps:\n\n1. first\n2. second, with a nested list:\n   - alpha\n   - beta\n\n> quoted")
    }

    @Test func emphasisHardBreaksAndCode() {
        #expect(text("*soft* and **loud**  \nnext `x < y`") == "_soft_ and *loud*\nnext x < y")
    }
}
