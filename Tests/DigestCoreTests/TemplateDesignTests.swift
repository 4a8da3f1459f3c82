import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// The shipped templates: what a reader sees, whatever the mail client.
struct TemplateDesignTests {
    static func bodies() throws -> (html: String, text: String) {
        let message = try #require(try DigestMessageTests.build().message)
        return (message.html, message.text)
    }

    static var context: [String: Any] {
        [
            "newsletter": "Digest", "subject": "Digest, 1 April 2019", "windowLabel": "1 April 2019", "itemCount": 1,
            "preheader": "First headline", "sections": [] as [[String: Any]],
        ]
    }

    @Test func theHTMLIsA600PixelColumnThatNarrowsWithoutMediaQueries() throws {
        let html = try Self.bodies().html
        #expect(html.contains("width=\"600\""))
        #expect(html.contains("width:100%;max-width:600px;"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
    }

    @Test func thePreheaderIsHiddenAndStartsWithTheFirstHeadlines() throws {
        let html = try Self.bodies().html
        let hidden = "<div style=\"display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;"
        let start = try #require(html.range(of: hidden))
        let after = html[start.upperBound...]
        let text = after[after.index(after: try #require(after.firstIndex(of: ">")))...]
        #expect(text.hasPrefix("Bologna is 22nd city to sign pledge to the EU Pillar of Social Rights · "))
        #expect(html.range(of: hidden)!.lowerBound < html.range(of: "<h1")!.lowerBound)
    }

    @Test func everyItemShowsItsKindDateTitleSummaryAndOtherTopics() throws {
        let html = try Self.bodies().html
        #expect(html.contains("<h2 class=\"accent\""))
        #expect(html.contains(">cooperation</h2>"))
        #expect(html.contains(">News</strong> · 16 April 2019</p>"))
        #expect(html.contains(">Event</strong> · 4 April 2019</p>"))
        #expect(html.contains("Also in: <span class=\"pill\" dir=\"auto\""))
        #expect(html.contains(">culture</span>"))
    }

    @Test func stylesThatMatterAreInlineAndTheStyleBlockOnlyRefines() throws {
        let html = try Self.bodies().html
        let open = try #require(html.range(of: "<style>\n:root"))
        let style = open.upperBound..<html[open.upperBound...].range(of: "</style>")!.lowerBound
        // Everything the style block colours is coloured inline too, so a client that drops it still reads well.
        #expect(html[style].contains("prefers-color-scheme: dark"))
        for tag in [
            "<h1 class=\"ink\" dir=\"auto\" style=\"", "<h2 class=\"accent\" dir=\"auto\" style=\"",
            "<h3 class=\"ink\" dir=\"auto\" style=\"", "<p dir=\"auto\" style=\"margin:0 0 12px 0;\">",
        ] {
            #expect(html.contains(tag), "\(tag) carries its own style")
        }
        #expect(!html.contains("<img"))
        #expect(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"))
    }

    @Test func theFooterSaysWhyAndLinksTheUnsubscribeURLWhenThereIsOne() throws {
        let templates = try TemplateSet(folder: TestFiles.templates)
        let without = templates.renderHTML(Self.context)
        #expect(without.contains("You receive Digest because you subscribed to it"))
        #expect(!without.contains("Unsubscribe"))
        var context = Self.context
        context["unsubscribe"] = "https://example.org/unsubscribe?id=42&list=digest"
        let with = templates.renderHTML(context)
        #expect(with.contains("<a href=\"https://example.org/unsubscribe?id=42&amp;list=digest\""))
        #expect(with.contains(">Unsubscribe</a>"))
        let text = templates.renderText(context)
        #expect(text.contains("Unsubscribe: https://example.org/unsubscribe?id=42&list=digest"))
    }

    @Test func thePlainTextMirrorsTheStructure() throws {
        let text = try Self.bodies().text
        #expect(
            text.hasPrefix(
                "Social innovation digest\n20 March – 20 April 2019 · 10 items\n\nHello,\n\nIn this issue:\n"))
        // The contents list the headlines under their sections.
        #expect(
            text.contains(
                "\ncooperation (6)\n  - Bologna is 22nd city to sign pledge to the EU Pillar of Social\n    Rights\n  - Regulating"
            ))
        #expect(
            text.contains(
                "\nknowledge society (1)\n  - EUROCITIES principles on citizen data: 10 data principles for the\n    common good\n"
            ))
        #expect(text.contains("\ncooperation\n-----------\n"))
        // Each item's title has a marker; its kind and date stand under it.
        #expect(text.contains("\n* Regulating the urban commons: a ROCK webinar\n  Event · 4 April 2019\n"))
        #expect(text.contains("\nAlso in: culture\n"))
        #expect(text.contains("You receive Social innovation digest because you subscribed to it:\n"))
        // A soft (format=flowed) break's trailing space is not part of the visible width.
        #expect(
            text.split(separator: "\n").allSatisfy { DisplayWidth.of($0.hasSuffix(" ") ? $0.dropLast() : $0) <= 72 })
    }

    @Test func theGreetingAndTheTopicSentenceAreParagraphsOfTheirOwn() throws {
        let templates = try TemplateSet(folder: TestFiles.templates)
        let renderer = DigestRenderer(templates: templates)
        let outcome = try DigestMessageTests.build()
        let bodies = renderer.render(
            outcome.digest, masthead: .init(name: "N", subject: "S"), items: renderer.renderItems(of: outcome.digest),
            reader: .init(name: "Łukasiewicz, Zoë", topics: ["cooperation", "culture"]))
        #expect(bodies.html.contains(">Hello Łukasiewicz, Zoë,</p>\n<p class=\"ink\" dir=\"auto\""))
        #expect(bodies.html.contains(">This issue follows your topics: cooperation, culture.</p>"))
        #expect(
            bodies.text.contains("\nHello Łukasiewicz, Zoë,\n\nThis issue follows your topics: cooperation, culture.\n")
        )
    }

    @Test func pillsLinkToTheirSectionsAndLinkedItemsSayWhereTheyLead() throws {
        let html = try Self.bodies().html
        #expect(html.contains("<a href=\"#section-1\" class=\"pill\""))
        #expect(html.contains(">cooperation&nbsp;·&nbsp;6</a>"))
        #expect(html.contains("<a name=\"section-1\" id=\"section-1\"></a><h2"))
        #expect(html.contains("<a name=\"section-3\" id=\"section-3\"></a>"))
    }

    @Test func outlookGetsAFixedColumnAndEveryTextCellBreaksLongWords() throws {
        let html = try Self.bodies().html
        #expect(html.contains("<!--[if mso]><table role=\"presentation\" width=\"600\" align=\"center\""))
        #expect(html.contains("<!--[if mso]></td></tr></table><![endif]-->"))
        #expect(html.contains("<o:PixelsPerInch>96</o:PixelsPerInch>"))
        #expect(html.contains("mso-line-height-rule:exactly"))
        #expect(html.contains("table-layout:fixed"))
        let cells = html.components(separatedBy: "<td class=\"pad").dropFirst()
        #expect(!cells.isEmpty)
        for cell in cells {
            #expect(cell.prefix(400).contains("overflow-wrap:anywhere;word-wrap:break-word;word-break:break-word;"))
        }
        #expect(html.contains("<html lang=\"en\" dir=\"ltr\""))
    }

    @Test func markdownInASummaryIsStyledInlineAndItsHeadingsStayBelowTheTitle() throws {
        let item = Item(
            id: "m", title: "T",
            summary:
                "# Big\n\n## Less\n\n> quoted\n\n```\nlet x = 1\n```\n\n- a `b`\n\n---\n\n![alt](https://example.org/i.png)",
            kind: .news, date: Day(iso: "2019-04-01")!, topics: ["t"], origin: SourceLocation(file: "f"))
        let html = RenderedItem(item).html
        #expect(!html.contains("<h1") && !html.contains("<h2") && !html.contains("<h3"))
        #expect(html.contains("<h4 dir=\"auto\" style=\"margin:16px 0 8px 0;font-size:17px;"))
        #expect(html.contains("<h5 dir=\"auto\" style=\"margin:16px 0 8px 0;font-size:16px;"))
        #expect(html.contains("<blockquote dir=\"auto\" style=\"margin:0 0 12px 0;padding:0 0 0 14px;border-left:3px"))
        #expect(html.contains("<pre dir=\"ltr\" style=\"margin:0 0 12px 0;padding:10px 12px;background-color:#f3f5f7;"))
        #expect(html.contains("white-space:pre-wrap;overflow-wrap:anywhere;"))
        #expect(html.contains("<ul style=\"margin:0 0 12px 0;padding:0 0 0 22px;\">"))
        #expect(html.contains("<li dir=\"auto\" style=\"margin:0 0 4px 0;\">a <code style=\"font-family:Menlo"))
        #expect(html.contains("<hr style=\"border:0;border-top:1px solid #e3e7eb;"))
        #expect(
            html.contains(
                "<img src=\"https://example.org/i.png\" alt=\"alt\" width=\"100%\" style=\"display:block;width:100%;max-width:100%;height:auto;border:0;\">"
            ))
    }
}
