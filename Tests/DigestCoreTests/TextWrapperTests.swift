import Testing

@testable import DigestCore

struct TextWrapperTests {
    @Test func ideographsBreakBetweenThemButNotBeforeClosingPunctuation() {
        let lines = TextWrapper.wrap("東京都の会議は「月曜日」に開かれます。", width: 10)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 10 }, "\(lines)")
        #expect(lines.joined() == "東京都の会議は「月曜日」に開かれます。")
        #expect(!lines.contains { $0.hasPrefix("。") || $0.hasPrefix("」") || $0.hasSuffix("「") })
    }

    @Test func latinWordsWithDashesAndQuotesAreNeverSplit() {
        let text = "Zürich’s council—after a long “debate”… agreed on Łódź’s plan"
        let lines = TextWrapper.wrap(text, width: 16)
        #expect(lines.joined(separator: " ") == text)
        #expect(lines.contains { $0.split(separator: " ").contains("council—after") })
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 16 || !$0.contains(" ") }, "\(lines)")
    }
}
