import DigestCore
import Testing

struct HeaderReaderTests {
    private let message = Array(
        ("From: \"Ed\" <ed@example.org>\r\n"
            + "subject:   A   long\r\n"
            + " \t folded subject  \r\n"
            + "no colon here\r\n"
            + "\tstill the subject\r\n"
            + "Message-ID: \t<1@example.org>\t \r\n"
            + "X-Empty:\r\n"
            + "Message-ID: <2@example.org>\r\n"
            + "\r\n"
            + "Body-Field: not a header\r\n").utf8)

    @Test func valuesAreFoundInAnyCaseUnfoldedAndTrimmed() {
        #expect(HeaderReader.value(of: "from", in: message) == "\"Ed\" <ed@example.org>")
        #expect(HeaderReader.value(of: "Subject", in: message) == "A   long folded subject still the subject")
        #expect(HeaderReader.value(of: "MESSAGE-ID", in: message) == "<1@example.org>")
        #expect(HeaderReader.value(of: "X-Empty", in: message) == "")
    }

    @Test func theHeaderEndsAtTheBlankLine() {
        #expect(HeaderReader.value(of: "Body-Field", in: message) == nil)
        #expect(HeaderReader.value(of: "Message", in: message) == nil)
        #expect(
            HeaderReader.fields(in: message).map(\.name) == ["From", "subject", "Message-ID", "X-Empty", "Message-ID"])
    }

    @Test func bareLineFeedsAndAMissingEndAreRead() {
        let bytes = Array("To: a@example.org\n  b@example.org\nDate: today".utf8)
        #expect(HeaderReader.value(of: "to", in: bytes) == "a@example.org b@example.org")
        #expect(HeaderReader.value(of: "date", in: bytes) == "today")
        #expect(HeaderReader.fields(in: []).isEmpty)
    }

    @Test func nonASCIIValuesAndNamesStayAsTheyAre() {
        let bytes = Array("Subject: Újság \u{2013} hírek\r\nÁ-Name: x\r\n\r\n".utf8)
        #expect(HeaderReader.value(of: "subject", in: bytes) == "Újság \u{2013} hírek")
        #expect(HeaderReader.value(of: "á-name", in: bytes) == nil)
        #expect(HeaderReader.value(of: "Á-Name", in: bytes) == "x")
    }
}
