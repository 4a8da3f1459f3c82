import Testing

@testable import DigestCore

struct DisplayWidthTests {
    /// Characters whose widths differ, and that combine with their neighbours or not.
    private static let palette: [String] = [
        "a", " ", "é", "Ł", "ß", "ǅ", "ʼ", "\u{A0}", "\u{AD}", "©", "—", "’", "…", "‰", "‼", "\u{200B}", "\u{200D}",
        "\u{2028}", "\u{301}", "e\u{301}", "東", "ｱ", "가", "🎉", "❤\u{FE0F}", "👍🏽", "\u{1F1E8}\u{1F1ED}", "ก", "\u{E33}",
        "ह", "\u{93F}", "\u{7F}", "\u{85}",
    ]

    @Test func theByteCountOfSimpleTextAgreesWithCharacterByCharacter() {
        var state: UInt64 = 0x5851_F42D_4C95_7F2D
        for _ in 0..<4_000 {
            var text = ""
            for _ in 0..<Int(state % 9) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += Self.palette[Int(state >> 33) % Self.palette.count]
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1
            let byCharacter = text.reduce(0) { $0 + DisplayWidth.of($1) }
            #expect(DisplayWidth.of(text) == byCharacter, "\(text.unicodeScalars.map { $0.value })")
        }
    }

    @Test func latinTextAndPunctuationAreOneColumnEach() {
        #expect(DisplayWidth.of("Zürich — Łódź’s “café”…") == 23)
        #expect(DisplayWidth.of("soft\u{AD}hyphen") == 10)
        #expect(DisplayWidth.of("東京 — e\u{301}") == 8)
    }
}
