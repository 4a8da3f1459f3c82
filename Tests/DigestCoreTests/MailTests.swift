import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

struct MailTests {
    private func message(
        subject: String, fromName: String = "Digest", text: String = "Hello\n", html: String = "<p>Hello</p>\n"
    )
        throws -> MailMessage
    {
        MailMessage(
            from: try Mailbox(displayName: fromName, address: "digest@example.org"),
            to: [try Mailbox(address: "list@example.org")], subject: HeaderText(subject),
            date: MailDate(iso: "2019-04-20")!,
            list: try MailingList(id: "weekly.example.org", name: "Weekly", unsubscribe: ["mailto:u@example.org"]),
            text: text, html: html)
    }

    @Test(arguments: [
        "Plain subject",
        "Title\r\nBcc: x@example.org",
        "Title\nBcc: x@example.org",
        "Nul\u{0}inside",
        "Ünïcödé and emoji 🎉 and 東京",
        String(repeating: "Very long subject words ", count: 13),
        String(repeating: "é", count: 200),
        "Looks like =?UTF-8?Q?an_encoded_word?= but is not",
        "Mixed русский, ελληνικά, עברית and English",
    ])
    func hostileSubjectsParseStrictlyWithoutExtraHeaders(subject: String) async throws {
        let bytes = try message(subject: subject).bytes()
        let parsed = try await MailInspection.of(bytes: bytes)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.values("Bcc").isEmpty)
        #expect(parsed.values("Subject") == [HeaderText(subject).value])
        let names = (parsed.headers ?? []).map { $0[0] }
        #expect(
            names == [
                "Date", "From", "To", "Subject", "Message-ID", "List-Id", "List-Unsubscribe", "Precedence",
                "Auto-Submitted", "MIME-Version", "Content-Type",
            ])
        #expect(parsed.longest_line ?? 999 <= 78)
    }

    @Test(arguments: [
        ("Ana Pérez", "Ana Pérez"),
        ("Smith, John \"JJ\"", "Smith, John \"JJ\""),
        ("O'Brien", "O'Brien"),
        ("Evil\r\nBcc: x@example.org", "Evil Bcc: x@example.org"),
        ("東京 Digest", "東京 Digest"),
    ])
    func displayNamesAreQuotedOrEncoded(name: String, decoded: String) async throws {
        let parsed = try await MailInspection.of(bytes: try message(subject: "s", fromName: name).bytes())
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.values("Bcc").isEmpty)
        let from = try #require(parsed.values("From").first)
        #expect(from.contains("digest@example.org"))
        #expect(
            from.contains(decoded) || from.contains("\"\(decoded.replacingOccurrences(of: "\"", with: "\\\""))\""),
            "\(from)")
    }

    @Test func encodedWordsStayUnder75AndSplitBetweenCharacters() {
        let words = EncodedWord.encode(String(repeating: "ä東🎉", count: 40))
        #expect(words.count > 1)
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?Q?") && word.hasSuffix("?="))
        }
        // Each word decodes on its own to valid UTF-8.
        for word in words {
            let payload = word.dropFirst(10).dropLast(2)
            var bytes: [UInt8] = []
            var index = payload.startIndex
            while index < payload.endIndex {
                if payload[index] == "=" {
                    let hex = payload[payload.index(after: index)..<payload.index(index, offsetBy: 3)]
                    bytes.append(UInt8(hex, radix: 16)!)
                    index = payload.index(index, offsetBy: 3)
                } else {
                    bytes.append(payload[index] == "_" ? 32 : payload[index].asciiValue!)
                    index = payload.index(after: index)
                }
            }
            #expect(String(validating: bytes, as: UTF8.self) != nil)
        }
    }

    @Test func quotedPrintableLinesStayWithin76AndRoundTrip() async throws {
        let text = String(repeating: "Ünïcödé text with = signs and trailing space ", count: 10) + " \n.\nFrom here\n"
        var output: [UInt8] = []
        QuotedPrintable.encode(text, newline: [13, 10], into: &output)
        let lines = String(decoding: output, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.contains("=2E"))
        #expect(lines.contains("=46rom here"))
        // The HTML part is not flowed, so it carries the text through quoted-printable unchanged.
        let parsed = try await MailInspection.of(bytes: try message(subject: "qp", html: text).bytes())
        #expect(parsed.defects.isEmpty)
        #expect(parsed.parts?.last?.text == text)
    }

    /// A message of more than a megabyte has its two parts encoded at the same time: Python's
    /// `email` reads both back as they went in.
    @Test func aMessageOfAMegabyteOrMoreRoundTripsWithItsPartsEncodedAtOnce() async throws {
        let text = String(repeating: "Ünïcödé text with = signs, line after line.\n", count: 16_000)
        let html = String(
            repeating: "<p>Zürich &amp; Łódź, <a href=\"https://x.example/\">more</a></p>\n", count: 12_000)
        let bytes = try message(subject: "big", text: text, html: html).bytes()
        #expect(bytes.count > 1 << 20)
        let parsed = try await MailInspection.of(bytes: bytes)
        #expect(parsed.defects.isEmpty)
        #expect(parsed.parts?.map(\.cte) == ["quoted-printable", "quoted-printable"])
        #expect(parsed.parts?.last?.text == html)
    }

    @Test func asciiPartsWithShortLinesAre7bit() async throws {
        let parsed = try await MailInspection.of(bytes: try message(subject: "s", text: "short ascii\n").bytes())
        #expect(parsed.parts?.map(\.cte) == ["7bit", "7bit"])
        let long = try await MailInspection.of(
            bytes: try message(subject: "s", text: String(repeating: "x", count: 200) + "\n").bytes())
        #expect(long.parts?.first?.cte == "quoted-printable")
    }

    @Test func theBoundaryNeverOccursInTheContent() async throws {
        let first = try message(subject: "s")
        let trap = try message(subject: "s", text: "--\(first.boundary)\n")
        #expect(!trap.text.contains(trap.boundary) || trap.boundary != first.boundary)
        let parsed = try await MailInspection.of(bytes: trap.bytes())
        #expect(parsed.defects.isEmpty)
        #expect(parsed.parts?.count == 2)
    }

    @Test func addressesAreChecked() {
        #expect(throws: DigestError.self) { try Mailbox(parsing: "not an address") }
        #expect(throws: DigestError.self) { try Mailbox(parsing: "a@b\r\nBcc: c@d") }
        #expect(throws: DigestError.self) { try Mailbox(parsing: "Name <@example.org>") }
        #expect((try? Mailbox(parsing: "\"Smith, J\" <j@example.org>"))?.displayName?.value == "Smith, J")
    }
}
