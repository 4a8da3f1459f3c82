import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// The stress fixture (`Fixtures/stress`: long words and URLs, a 1,600 px image, code,
/// headings, blockquotes, Arabic, Hebrew, Chinese and Japanese paragraphs, emoji, 60 items)
/// laid out by headless Chromium at phone and desktop widths, with and without the
/// `<style>` block: the card never widens the page, and Arabic reads right to left.
@Suite(.serialized)
struct EmailLayoutTests {
    static let stress = TestFiles.fixture("stress")

    /// The stress issue built through the shipped templates, with a web archive at `baseURL`.
    static func build(baseURL: String? = "https://digest.example.org/archive") throws -> DigestBuild.Outcome {
        var notes = SourceSpec(stress + "/notes")
        notes.baseURL = baseURL.map { _ in "https://digest.example.org/notes/" }
        let day = Day(iso: "2026-11-08")!
        var settings = DigestBuild.Settings(
            sources: [
                DetectedSource(notes, readDay: day),
                DetectedSource(SourceSpec(stress + "/ordinary-listing.txt"), readDay: day),
            ],
            selection: Selection(window: DateWindow(since: Day(iso: "2026-11-01")!, until: Day(iso: "2026-11-07")!)),
            templates: try TemplateSet(folder: TestFiles.templates), name: "Stress digest",
            from: try Mailbox(parsing: "Digest <digest@example.org>"),
            to: [try Mailbox(parsing: "readers@example.org")], date: MailDate(iso: "2026-11-08T08:00:00Z")!)
        settings.baseURL = baseURL
        return try DigestBuild(settings: settings).run()
    }

    /// What Chromium measured of `html` at `width`: the page's scroll width, and the computed
    /// direction of the Arabic paragraph. A script is added to a copy of the message (the
    /// message itself has none) that measures once the page has loaded; the copy is shown in
    /// an iframe `width` pixels wide (a window cannot be narrower than 500 px), which posts
    /// the figures to the outer page, where they are written into the DOM and read back with
    /// `--dump-dom`.
    static func measure(_ html: String, width: Int) async throws -> (scrollWidth: Int, direction: String) {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The note's image is relative (no base-url in this build): copy it beside the page.
        try FileManager.default.copyItem(
            atPath: stress + "/notes/wide.png", toPath: folder.appendingPathComponent("wide.png").path)
        let probe = """
            <script>
            window.addEventListener('load', function () {
              var arabic = Array.prototype.find.call(document.querySelectorAll('p'), function (p) {
                return p.textContent.indexOf('تعمل المدن') >= 0; });
              parent.postMessage({ width: document.documentElement.scrollWidth,
                direction: arabic ? getComputedStyle(arabic).direction : 'none' }, '*');
            });
            </script>
            """
        try html.replacingOccurrences(of: "</body>", with: probe + "</body>").write(
            to: folder.appendingPathComponent("message.html"), atomically: true, encoding: .utf8)
        let outer = """
            <!DOCTYPE html><html><body style="margin:0">
            <iframe src="message.html" style="width:\(width)px;height:900px;border:0"></iframe>
            <script>
            window.addEventListener('message', function (event) {
              var out = document.createElement('output');
              out.setAttribute('data-scroll-width', event.data.width);
              out.setAttribute('data-direction', event.data.direction);
              document.body.appendChild(out);
            });
            </script>
            </body></html>
            """
        let page = folder.appendingPathComponent("frame.html")
        try outer.write(to: page, atomically: true, encoding: .utf8)
        let result = try await BrowserTests.browse([
            "--dump-dom", "--window-size=800,900", "--virtual-time-budget=5000", page.absoluteString,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let dom = result.output
        func attribute(_ name: String) -> String? {
            guard let start = dom.range(of: "\(name)=\"") else { return nil }
            let rest = dom[start.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
        let scrollWidth = try #require(
            attribute("data-scroll-width").flatMap(Int.init), "no measurement in \(dom.prefix(300))")
        return (scrollWidth, attribute("data-direction") ?? "none")
    }

    /// `html` without its `<style>` block, as the Gmail app shows it with a non-Google account.
    static func withoutStyleBlock(_ html: String) -> String {
        guard let start = html.range(of: "<style>"), let end = html.range(of: "</style>") else { return html }
        return String(html[..<start.lowerBound] + html[end.upperBound...])
    }

    @Test(arguments: [320, 375, 600])
    func theCardStaysInsideTheScreenWithAndWithoutTheStyleBlock(width: Int) async throws {
        let message = try #require(try Self.build(baseURL: nil).message)
        for (label, html) in [
            ("with <style>", message.html), ("without <style>", Self.withoutStyleBlock(message.html)),
        ] {
            let measured = try await Self.measure(html, width: width)
            #expect(
                measured.scrollWidth <= width, "\(label) at \(width) px the page is \(measured.scrollWidth) px wide")
            #expect(measured.direction == "rtl", "\(label): the Arabic paragraph is \(measured.direction)")
        }
    }

    @Test func theStressIssueStaysUnderTheBudgetAndTheWarningNamesWhatWasCut() throws {
        let outcome = try Self.build()
        let message = try #require(outcome.message)
        #expect(outcome.digest.items.count == 60)
        #expect(message.html.utf8.count <= DigestRenderer.defaultBudget, "HTML is \(message.html.utf8.count) bytes")
        let warning = try #require(outcome.warnings.first, "no clipping warning")
        #expect(warning.contains("left out"))
        #expect(warning.contains("the message links to them in the web version"))
        // The first items each section leaves out are named in the warning, the rest counted,
        // and no item the message shows is named.
        let cut = outcome.digest.items.filter { !message.html.contains(HTMLEscape.text($0.title)) }
        #expect(!cut.isEmpty)
        for section in outcome.digest.sections {
            let sectionCut = section.items.filter(cut.contains)
            for item in sectionCut.prefix(ClippingCheck.titlesNamed) {
                #expect(warning.contains("“\(item.title)”"), "the warning names \(item.title)")
            }
            let more = sectionCut.count - ClippingCheck.titlesNamed
            if more > 0 { #expect(warning.contains("” and \(more) more"), "\(section.label): \(more) more") }
        }
        for item in outcome.digest.items where !cut.contains(item) {
            #expect(!warning.contains("“\(item.title)”"), "\(item.title) is shown, not cut")
        }
        #expect(message.html.contains(": read them in the web version.</a>") || message.html.contains(": read it in"))
        #expect(
            message.html.contains(
                "href=\"https://digest.example.org/archive/digest-2026-11-01-to-2026-11-07.html#section-"))
        #expect(message.html.contains(">View in your browser</a>"))
        // The footer and its unsubscribe link are inside the budget.
        #expect(message.html.contains(">Unsubscribe by email</a>"))
    }

    @Test func relativeLinksAndImagesOfANoteAreResolvedAgainstTheSourcesBaseURL() throws {
        let html = try #require(try Self.build().message).html
        #expect(html.contains("<img src=\"https://digest.example.org/notes/wide.png\""))
        #expect(html.contains("width=\"536\" height=\"302\""), "the 1,600 × 900 image is drawn at the column's width")
        #expect(html.contains("href=\"https://digest.example.org/notes/annex.html\""))
        #expect(html.contains("href=\"https://digest.example.org/method/\""))
        #expect(html.contains(">Read more → example.org</a></p>"), "a linked item names its site, without www.")
        #expect(
            html.contains(
                "<img src=\"http://127.0.0.1:9/photo.jpg\" alt=\"A photo from a partner site\" width=\"100%\""))
        let unresolved = try #require(try Self.build(baseURL: nil).message)
        let findings = MessageCheck.findings(in: unresolved.bytes())
        #expect(findings.contains { $0.rule == "relative-url" && $0.message.contains("“wide.png”") }, "\(findings)")
    }

    @Test func tidyFindsNoErrorsAndPythonsStrictParserNoDefects() async throws {
        let message = try #require(try Self.build().message)
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("message.html")
        try message.html.write(to: page, atomically: true, encoding: .utf8)
        let tidy = try #require(
            ["/usr/bin/tidy", "/usr/local/bin/tidy"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "tidy is not installed: run Scripts/setup --test")
        let result = try await runProcess(tidy, ["-q", "-e", "-utf8", page.path])
        // tidy exits 2 on errors, 1 on warnings only (proprietary Outlook attributes), 0 when clean.
        #expect(result.status < 2, "tidy: \(result.stderr)")
        #expect(!result.stderr.contains("Error:"), "\(result.stderr)")
        let parsed = try await MailInspection.of(bytes: message.bytes())
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
    }
}
