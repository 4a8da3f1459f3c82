import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// A message made from texts shared with other messages (their fixed lines encoded once)
/// has the bytes of the message made from the filled texts, whatever the values and
/// wherever they fall against the 76-octet quoted-printable lines.
struct SplicedTextTests {
    /// Values that stress the encoder: empty, non-ASCII, `=`, longer than a line, trailing
    /// white space, a line break, a leading `.`, `From ` or space, markup to escape.
    static let values = [
        "", "Bob", "Zoë", "a=b==", String(repeating: "Łukasiewicz ", count: 9), "ends in a space ", "tab\t",
        "two\nlines", ".dot", "From here", " leading space", "Tom & Jerry <Co> \"Q\"", "李小龍 😀",
        String(repeating: "x", count: 75),
    ]

    private func mailbox(_ address: String) throws -> Mailbox { try Mailbox(address: address) }

    private func messages(text: [SplicedText.Piece], html: [SplicedText.Piece], values: [String], prepared: LineEnding)
        throws -> (spliced: MailMessage, whole: MailMessage)
    {
        let from = try Mailbox(displayName: "Digest", address: "digest@example.org")
        let list = try MailingList(id: "weekly.example.org", name: "Weekly", unsubscribe: ["mailto:u@example.org"])
        let date = MailDate(iso: "2019-04-20")!
        let to = [try mailbox("reader@example.org")]
        let sharedText = SplicedText(text, flowed: true, lineEnding: prepared)
        let sharedHTML = SplicedText(html, flowed: false, lineEnding: prepared)
        let spliced = MailMessage(
            from: from, to: to, subject: HeaderText("Weekly"), date: date, list: list, text: sharedText,
            html: sharedHTML, values: values)
        let whole = MailMessage(
            from: from, to: to, subject: HeaderText("Weekly"), date: date, list: list,
            text: Self.joined(text, values), html: Self.joined(html, values))
        return (spliced, whole)
    }

    private static func joined(_ pieces: [SplicedText.Piece], _ values: [String]) -> String {
        pieces.map { piece in
            switch piece {
            case .literal(let text): String(text)
            case .slot(let index): values[index]
            }
        }.joined()
    }

    /// A slot at every column of a line from 0 to 80, each value, text before and after it on
    /// the line or not, between long fixed lines; both line endings, and a text prepared for
    /// the other line ending.
    @Test(arguments: Array(0...80))
    func aSlotAtEveryColumnEncodesAsTheFilledText(column: Int) throws {
        let long = String(repeating: "Fixed line with ünïcödé = and more words. ", count: 4)
        for value in Self.values {
            for tail in ["", " and the rest of the line.", " ", "=", String(repeating: "é", count: 40)] {
                let before = String(repeating: "a", count: column)
                let text: [SplicedText.Piece] = [
                    .literal("\(long)\nShort line.\n\n\(before)"), .slot(0), .literal("\(tail)\n\(long)\n.end\n"),
                ]
                let html: [SplicedText.Piece] = [
                    .literal("<p>\(long)</p>\n<p>\(before)"), .slot(1), .literal("\(tail)</p>\n"), .slot(0),
                    .literal("\n<p>From the start</p>"),
                ]
                let values = [value, HTMLEscape.text(value)]
                for ending in LineEnding.allCases {
                    for prepared in LineEnding.allCases {
                        let (spliced, whole) = try messages(text: text, html: html, values: values, prepared: prepared)
                        #expect(
                            spliced.bytes(lineEnding: ending) == whole.bytes(lineEnding: ending),
                            "column \(column), value \(value.debugDescription), tail \(tail.debugDescription)")
                    }
                }
            }
        }
    }

    /// Short ASCII lines go as 7bit; a value that is not 7bit makes the part quoted-printable.
    @Test(arguments: SplicedTextTests.values)
    func theTransferEncodingIsDecidedOnTheFilledText(value: String) throws {
        let text: [SplicedText.Piece] = [.literal("Hello "), .slot(0), .literal(",\nshort lines only\n")]
        let html: [SplicedText.Piece] = [.literal("<p>Hello "), .slot(1), .literal(",</p>\n")]
        let values = [value, HTMLEscape.text(value)]
        for ending in LineEnding.allCases {
            let (spliced, whole) = try messages(text: text, html: html, values: values, prepared: ending)
            let bytes = spliced.bytes(lineEnding: ending)
            #expect(bytes == whole.bytes(lineEnding: ending), "\(value.debugDescription)")
            #expect(spliced.messageID == whole.messageID)
            #expect(spliced.text == whole.text && spliced.html == whole.html)
        }
        let (plain, _) = try messages(text: text, html: html, values: ["Bob", "Bob"], prepared: .crlf)
        #expect(String(decoding: plain.bytes(), as: UTF8.self).contains("Content-Transfer-Encoding: 7bit"))
    }

    /// Slots side by side, at the start and at the end, and a text that is only a slot.
    @Test func slotsNextToEachOtherAndAtTheEdges() throws {
        let shapes: [[SplicedText.Piece]] = [
            [.slot(0)],
            [.slot(0), .slot(1), .literal("\n")],
            [.slot(0), .literal("\n"), .slot(1)],
            [.literal("\n\n"), .slot(0), .literal(" "), .slot(1), .literal("\n\n")],
            [
                .literal(String(repeating: "=", count: 30)[...]), .slot(1), .slot(0),
                .literal(String(repeating: "é", count: 30)[...]),
            ],
        ]
        for shape in shapes {
            for value in Self.values {
                let values = [value, HTMLEscape.text(value)]
                let (spliced, whole) = try messages(text: shape, html: shape, values: values, prepared: .crlf)
                #expect(spliced.bytes() == whole.bytes(), "\(shape) \(value.debugDescription)")
            }
        }
    }
}
