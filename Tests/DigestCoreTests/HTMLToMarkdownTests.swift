import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

struct HTMLToMarkdownTests {
    @Test(arguments: [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("a<br>b<br/><br>c", "a\\\nb\\\nc"),
        ("<em>x</em> <i> y </i> <strong>z</strong>", "*x* *y* **z**"),
        ("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>", "- a\n  - b\n- c"),
        ("<ol><li>first</li><li><p>second</p></li></ol>", "1. first\n2. second"),
        ("<h2>Title</h2><div>text <span>kept</span></div>", "Title\n\ntext kept"),
        ("<p>1. not a list</p><p>- not either</p>", "1\\. not a list\n\n\\- not either"),
        ("<a href=\"https://x.example/a b\">link</a>", "[link](<https://x.example/a%20b>)"),
        ("<a href=\"mailto:a@example.org\">mail</a>", "[mail](<mailto:a@example.org>)"),
        ("<a href=\"rel\">relative without base</a>", "relative without base"),
        ("<a href=\"https://x.example\"><img src=x></a>", ""),
        ("[not](a link) *or* `code`", "\\[not\\](a link) \\*or\\* \\`code\\`"),
        ("", ""),
    ])
    func convertsTheKeptStructure(html: String, markdown: String) {
        #expect(HTMLToMarkdown.convert(html, base: nil) == markdown)
    }

    @Test func relativeLinksResolveAgainstTheBase() {
        let base = URL(string: "https://example.org/blog/post.html")
        #expect(HTMLToMarkdown.convert("<a href=\"../img\">x</a>", base: base) == "[x](<https://example.org/img>)")
    }

    /// The hostile feed goes through the whole pipeline; its digest's HTML and text carry none
    /// of its scripts, styles, frames, handlers or unsafe links.
    @Test func aHostileFeedLeavesNothingDangerousInTheDigest() async throws {
        let source = FeedSource(location: TestFiles.fixture("feeds/hostile.xml"), readDay: Day(iso: "2019-04-21")!)
        let reading = try source.read()
        #expect(reading.diagnostics.isEmpty)
        let item = try #require(reading.items.first)
        #expect(item.link == nil)  // javascript: link dropped
        #expect(item.summary.contains("[good link](<https://ok.example/page>)"))
        #expect(item.summary.contains("js link"))
        #expect(item.summary.contains("nested"))
        #expect(item.summary.contains("malformed"))

        let settings = DigestBuild.Settings(
            sources: [source],
            selection: Selection(window: DateWindow(since: Day(iso: "2019-04-15")!, until: Day(iso: "2019-04-21")!)),
            templates: try TemplateSet(folder: TestFiles.templates), name: "Test",
            from: try Mailbox(parsing: "a@example.org"),
            to: [try Mailbox(parsing: "b@example.org")], date: MailDate(iso: "2019-04-21")!)
        let message = try #require(try DigestBuild(settings: settings).run().message)
        let mail = try await MailInspection.of(bytes: message.bytes(lineEnding: .crlf))
        #expect(mail.defects.isEmpty)
        let banned = [
            "<script", "<iframe", "<object", "<embed", "<svg", "onerror", "onclick", "onload", "onmouseover",
            "javascript:", "vbscript:", "data:text", "evil.example/frame", "x.swf", "body{display", "alert(1)",
            "alert(4)", "alert('x')",
        ]
        for part in mail.parts ?? [] {
            let text = part.text.lowercased()
            // The text part may show the feed's escaped `<script>` text literally: it is text there.
            for word in banned where part.type == "text/html" || word != "<script" {
                #expect(!text.contains(word), "\(part.type) contains \(word)")
            }
        }
        // The only <style> is the template's own.
        let template = try String(contentsOfFile: TestFiles.templates + "/digest.html.mustache", encoding: .utf8)
        let htmlPart = try #require(mail.parts?.first { $0.type == "text/html" })
        #expect(
            htmlPart.text.components(separatedBy: "<style").count == template.components(separatedBy: "<style").count)
        let html = try #require(mail.parts?.first { $0.type == "text/html" })
        #expect(html.text.contains("href=\"https://ok.example/page\""))
        #expect(html.text.contains("&lt;script&gt;"))  // the escaped text stays visible as text
    }
}
