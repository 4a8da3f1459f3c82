import DigestCore
import Testing

/// Counts in status lines and pages: "1 item", "2 items", "1,234 readers".
struct CountedTests {
    @Test func countsHaveTheirPluralForms() {
        #expect(Counted.phrase(0, "item") == "0 items")
        #expect(Counted.phrase(1, "item") == "1 item")
        #expect(Counted.phrase(2, "item") == "2 items")
        #expect(Counted.phrase(1_234, "reader") == "1,234 readers")
        #expect(Counted.phrase(1, "reader who gets", "readers who get") == "1 reader who gets")
        #expect(Counted.grouped(1_000_000) == "1,000,000")
    }
}
