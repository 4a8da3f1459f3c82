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
        #expect(html.contains("Also in <span class=\"pill\""))
        #expect(html.contains(">culture</span>"))
    }

    @Test func stylesThatMatterAreInlineAndTheStyleBlockOnlyRefines() throws {
        let html = try Self.bodies().html
        let style = try #require(html.range(of: "<style>")).upperBound..<html.range(of: "</style>")!.lowerBound
        // Everything the style block colours is coloured inline too, so a client that drops it still reads well.
        #expect(html[style].contains("prefers-color-scheme: dark"))
        for tag in ["<h1 class=\"ink\" style=\"", "<h2 class=\"accent\" style=\"", "<h3 class=\"ink\" style=\""] {
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
        #expect(text.contains("  - cooperation (6)\n  - social innovation (3)\n  - knowledge society (1)\n"))
        #expect(text.contains("\ncooperation\n-----------\n"))
        #expect(text.contains("Regulating the urban commons: a ROCK webinar\nEvent · 4 April 2019\n"))
        #expect(text.contains("\nAlso in: culture\n"))
        #expect(text.contains("You receive Social innovation digest because you subscribed to it:\n"))
        // A soft (format=flowed) break's trailing space is not part of the visible width.
        #expect(
            text.split(separator: "\n").allSatisfy { DisplayWidth.of($0.hasSuffix(" ") ? $0.dropLast() : $0) <= 72 })
    }
}
