import DigestCore
import DigestPreview
import DigestTestSupport
import Foundation
import Testing

/// `digest preview --subscribers`: one personal message per reader, made as the build makes
/// it, a reader picker, the readers who get none; and the HTML part's size against the
/// budget and Gmail's clipping limit. Served by the real preview server on a free port.
@Suite(.serialized) struct PersonalPreviewTests {
    /// The sample listing for April 2019 and the fixture's subscriber list: Ana (every topic),
    /// Bob (suppressed here), Carla (nothing in her topics), Zoë, a reader without a name, and
    /// a rejected row.
    static func personalSettings(templates folder: String) throws(DigestError) -> DigestBuild.Settings {
        var settings = try PreviewFixture.seedSettings(templates: folder)
        settings.selection = Selection(
            window: DateWindow(since: Day(iso: "2019-04-01")!, until: Day(iso: "2019-04-30")!))
        return settings
    }

    static func personalization() throws(DigestError) -> DigestBuild.Personalization {
        var personalization = DigestBuild.Personalization(
            subscribers: SubscriberList(path: TestFiles.fixture("subscribers.csv")),
            unsubscribeLink: try UnsubscribeLinkTemplate("https://city.example/u?e={email}"))
        personalization.suppressed = ["bob@example.org"]
        return personalization
    }

    static func startPersonal(limit: Int = PreviewContent.readerLimit, keeping reader: String? = nil) async throws
        -> PreviewFixture
    {
        try await PreviewFixture.start { folder throws(DigestError) in
            try PreviewContent.personal(
                DigestBuild(settings: try personalSettings(templates: folder)), try personalization(),
                file: "subscribers.csv", keeping: reader, limit: limit)
        }
    }

    @Test func theIndexHasAReaderPickerAndNamesTheReadersWhoGetNone() async throws {
        try await withPreview(starting: { try await Self.startPersonal() }) { preview in
            let body = try await preview.http.get("/").body
            #expect(body.contains("5 readers in <code>subscribers.csv</code>: 3 personal messages"), "\(body)")
            #expect(body.contains("; 2 readers get none.</p>"))
            let picker = try #require(
                body.range(of: "<select id=\"reader\" data-picker>[^§]*?</select>", options: .regularExpression)
                    .map { String(body[$0]) })
            #expect(picker.contains("<option value=\"\" selected>Choose a reader…</option>"))
            #expect(
                picker.contains("<option value=\"/messages/1\">Ana Pérez &lt;ana@example.org&gt; · 5 items</option>"))
            #expect(
                picker.contains("value=\"/messages/2\">Łukasiewicz, Zoë &lt;zoe@example.org&gt; · 3 items</option>"))
            #expect(picker.contains("value=\"/messages/3\">noname@example.org · 2 items</option>"))
            #expect(!picker.contains("bob@example.org"), "a suppressed reader has no message")
            #expect(body.contains("<h2 id=\"no-message\">2 readers without a message</h2>"))
            #expect(body.contains("<li>Carla &lt;carla@example.org&gt;: nothing in their topics in this window</li>"))
            #expect(body.contains("<li>Bob &lt;bob@example.org&gt;: suppressed in the state store"))
            #expect(body.contains("<th>Reader</th><th>Topics</th>"))
            #expect(body.contains("<td>cooperation, knowledge society</td>"))
            #expect(body.contains("<code>2019-04-01-to-2019-04-30/ana@example.org.eml</code>"))
            #expect(body.contains("1 warning: input skipped"), "the rejected row is listed")
            #expect(body.contains("subscribers.csv:7:"))
        }
    }

    @Test func eachReadersMessageIsTheOneTheBuildWrites() async throws {
        try await withPreview(starting: { try await Self.startPersonal() }) { preview in
            let out = try TestFiles.scratchFolder()
            defer { try? FileManager.default.removeItem(at: out) }
            let written = try DigestBuild(settings: try Self.personalSettings(templates: preview.templates.path))
                .writePersonal(try Self.personalization(), into: out.path)
            #expect(written.outcome.written == 3)
            for (number, file) in [
                (1, "ana@example.org.eml"), (2, "zoe@example.org.eml"), (3, "noname@example.org.eml"),
            ] {
                let served = try await preview.http.get("/messages/\(number).eml").data
                let onDisk = try Data(contentsOf: URL(fileURLWithPath: written.folder).appendingPathComponent(file))
                #expect(served == onDisk, "message \(number) is \(file), byte for byte")
            }
            let page = try await preview.http.get("/messages/2").body
            #expect(page.contains("Reader: <strong>Łukasiewicz, Zoë &lt;zoe@example.org&gt;</strong>"))
            #expect(page.contains("follows cooperation, knowledge society (<code>"))
            #expect(page.contains("<option value=\"/messages/2\" selected>"), "the picker shows the reader chosen")
            #expect(!page.contains("Choose a reader…"))
            #expect(page.contains("To Łukasiewicz, Zoë &lt;zoe@example.org&gt; · 3 items in 2 sections ·"))
        }
    }

    @Test func pastTheLimitTheChosenReaderIsStillKept() async throws {
        try await withPreview(starting: { try await Self.startPersonal(limit: 1, keeping: "NONAME@example.org") }) {
            preview in
            let content = preview.library.snapshot.content
            #expect(
                content.messages.compactMap(\.reader?.mailbox.address) == ["ana@example.org", "noname@example.org"])
            #expect(content.readers?.notKept == 1)
            #expect(content.messageNumber(forReader: "Noname@Example.org") == 2)
            #expect(content.readers?.reason(forReader: "carla@example.org") == .nothingInTheirTopics)
            let body = try await preview.http.get("/").body
            #expect(body.contains("1 more reader not kept in the preview (it keeps 1,000)"))
        }
    }

    @Test func theHTMLSizeIsShownAgainstTheBudgetAndGmailsLimit() async throws {
        try await withPreview { preview in
            let entry = try #require(preview.library.snapshot.content.messages.first)
            let page = try await preview.http.get("/messages/1").body
            let size = entry.message.html.utf8.count
            #expect(size < entry.size, "the HTML part is smaller than the .eml")
            #expect(page.contains("data-html-size=\"\(size)\""))
            #expect(page.contains("within the 100 KB budget; Gmail clips past 102 KB."), "\(page)")
            #expect(
                page.contains(
                    "(\(size.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) bytes, decoded"
                ))
            let index = try await preview.http.get("/").body
            #expect(index.contains("<th title=\"the HTML part, as Gmail counts it\">HTML</th>"))
            #expect(index.contains(" KB</td>"))
        }
    }

    @Test func aMessageOverGmailsLimitIsFlaggedAsClipped() async throws {
        try await withPreview(starting: {
            try await PreviewFixture.start { folder throws(DigestError) in
                let settings = try PreviewFixture.seedSettings(templates: folder)
                guard let seed = try DigestBuild(settings: settings).run().message else {
                    return PreviewContent(messages: [])
                }
                let padding = String(repeating: "<p>padding paragraph</p>\n", count: 4_800)  // 115,200 bytes
                let big = MailMessage(
                    from: seed.from, to: seed.to, subject: seed.subject, date: seed.date, list: seed.list,
                    text: seed.text, html: seed.html.replacingOccurrences(of: "</body>", with: padding + "</body>"))
                let entry = PreviewMessage(message: big, fileName: "big.eml", itemCount: 10, sectionCount: 3)
                return PreviewContent(
                    messages: [entry], sizeWarnings: ["the HTML part is 140 KB; clients such as Gmail clip …"])
            }
        }) { preview in
            let page = try await preview.http.get("/messages/1").body
            #expect(page.contains("<p class=\"size clipped\""))
            #expect(page.contains("role=\"alert\">⚠ HTML part: "))
            #expect(page.contains("over Gmail’s 102 KB: Gmail clips it, hiding the rest of the issue, the footer"))
            #expect(page.contains("<section class=\"notice\" role=\"status\"><h2>The HTML part’s size</h2>"))
            let index = try await preview.http.get("/").body
            #expect(index.contains("<td class=\"num clipped\" title=\"over Gmail’s 102 KB: clipped\">⚠ "))
        }
    }
}
