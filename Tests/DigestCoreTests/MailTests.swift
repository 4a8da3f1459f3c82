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

    @Test func aWordStandsForItselfExactlyWhenEachOfItsBytesDoes() {
        for position in 0..<8 {
            for value in 0...255 {
                var bytes = Array("abcdefgh".utf8)
                bytes[position] = UInt8(value)
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let expected = (32...126).contains(value) && value != 61
                #expect(QuotedPrintable.standsForItself(word) == expected, "byte \(value) at \(position)")
            }
        }
    }

    /// The encoder's word-at-a-time path and its two buffers give what the rules give byte
    /// by byte, on random text small and large.
    @Test(arguments: [200, 40_000])
    func quotedPrintableMatchesTheRulesByteByByte(length: Int) {
        let pieces = ["a", "b", " ", "\t", "=", ".", "From ", "\n", "é", "\u{7F}", "\u{1}", "xyzxyzxyz"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var text = ""
            while text.utf8.count < length { text += pieces.randomElement(using: &generator)! }
            var output: [UInt8] = []
            QuotedPrintable.encode(text, newline: [13, 10], into: &output)
            let expected = Self.quotedPrintableByRule(Array(text.utf8))
            let common = min(output.count, expected.count)
            let differs = (0..<common).first { output[$0] != expected[$0] } ?? common
            let context = { (bytes: [UInt8]) in
                String(decoding: bytes[max(differs - 80, 0)..<min(differs + 20, bytes.count)], as: UTF8.self)
            }
            #expect(output == expected, "from byte \(differs): \(context(output)) | expected: \(context(expected))")
        }
    }

    /// Quoted-printable as the rules say it, one byte at a time: a byte other than printable
    /// ASCII (space and tab aside) or `=` is `=XX`, so is a space or tab that ends a line, a
    /// `.` or the `F` of `From ` that starts one; an encoded line holds 76 bytes, `=` included.
    private static func quotedPrintableByRule(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }  // a last LF ends a line, starts none
        for line in lines {
            let line = Array(line)
            var column = 0
            var index = 0
            while index < line.count {
                let byte = line[index]
                let last = index == line.count - 1
                let startsFrom = line[index...].starts(with: Array("From ".utf8))
                let plain: Bool
                if byte == 32 || byte == 9 {
                    plain = !last
                } else if column == 0 && (byte == 46 || startsFrom) {
                    plain = false
                } else {
                    plain = (33...126).contains(byte) && byte != 61
                }
                let width = plain ? 1 : 3
                if column + width > (last ? 76 : 75) {
                    output += Array("=\r\n".utf8)
                    column = 0
                    continue
                }
                output += plain ? [byte] : Array(String(format: "=%02X", byte).utf8)
                column += width
                index += 1
            }
            output += [13, 10]
        }
        return output
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
