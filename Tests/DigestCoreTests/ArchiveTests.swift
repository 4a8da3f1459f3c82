import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// `digest archive`: pages, feed and calendar, checked with parsers nobody here wrote.
/// Serialized: each test waits on child processes (python3, digest), and running them side by side
/// would hold every thread of the test pool on a two-core machine.
@Suite(.serialized) struct ArchiveTests {
    /// Two issues of the seed (the second one French) written as a build writes them, into
    /// `digests/` inside a new scratch folder, which the caller removes.
    static func messages() throws -> URL {
        let folder = try TestFiles.scratchFolder().appendingPathComponent("digests")
        let log = IssueLog(folder: folder.path)
        for (since, until, locale) in [("2019-03-20", "2019-04-05", nil), ("2019-04-06", "2019-04-20", "fr_FR")] {
            var settings = try LanguageTests.settings(locale: locale)
            let window = DateWindow(since: Day(iso: since)!, until: Day(iso: until)!)
            settings.selection = Selection(window: window)
            settings.issue = try log.number(for: window, numbering: .volume)
            let outcome = try DigestBuild(settings: settings).run()
            let message = try #require(outcome.message)
            let path = try DigestFolder(path: folder.path).write(message, named: DigestFolder.fileName(for: window))
            try log.record(try #require(settings.issue), for: window)
            try IssueRecord(
                digest: outcome.digest, name: settings.name, issue: settings.issue,
                language: settings.templates.language
            ).write(besideMessage: path)
        }
        return folder
    }

    /// Python checks every file of an archive and prints what it found as JSON.
    static let checker = #"""
        import json, os, sys, re
        import xml.etree.ElementTree as ET
        from html.parser import HTMLParser
        from urllib.parse import urlsplit, unquote
        import icalendar

        root = sys.argv[1]
        out = {"links": [], "bad_links": [], "pages": {}}
        class Links(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.links = []; self.rels = {}; self.title = ""; self.in_title = False; self.ids = set()
            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                for name in ("id", "name"):
                    if name in attrs and tag in ("a", "div", "section", "h2", "td"): self.ids.add(attrs[name])
                for name in ("href", "src"):
                    if name in attrs: self.links.append(attrs[name])
                if tag == "a" and "rel" in attrs: self.rels[attrs["rel"]] = attrs.get("href")
                if tag == "title": self.in_title = True
            def handle_endtag(self, tag):
                if tag == "title": self.in_title = False
            def handle_data(self, data):
                if self.in_title: self.title += data
        for name in sorted(os.listdir(root)):
            if not name.endswith(".html"): continue
            parser = Links()
            parser.feed(open(os.path.join(root, name), encoding="utf-8").read()); parser.close()
            out["pages"][name] = {"rels": parser.rels, "title": parser.title}
            for link in parser.links:
                parts = urlsplit(link)
                if parts.scheme in ("http", "https", "mailto"): continue
                out["links"].append(link)
                if link.startswith("#"):  # a place on the same page: an element must carry that id
                    if link[1:] not in parser.ids: out["bad_links"].append(name + ": " + link)
                    continue
                target = os.path.normpath(os.path.join(root, unquote(parts.path)))
                if parts.scheme or parts.netloc or link.startswith("/") or not os.path.isfile(target) \
                        or not target.startswith(os.path.abspath(root)):
                    out["bad_links"].append(name + ": " + link)

        ns = {"a": "http://www.w3.org/2005/Atom"}
        feed = ET.parse(os.path.join(root, "feed.atom")).getroot()
        out["feed_tag"] = feed.tag
        out["feed_id"] = feed.findtext("a:id", namespaces=ns)
        out["feed_updated"] = feed.findtext("a:updated", namespaces=ns)
        entries = []
        for entry in feed.findall("a:entry", ns):
            link = entry.find("a:link[@rel='alternate']", ns)
            href = link.get("href") if link is not None else None
            if href and not os.path.isfile(os.path.join(root, href)): out["bad_links"].append("feed: " + href)
            entries.append({"title": entry.findtext("a:title", namespaces=ns), "id": entry.findtext("a:id", namespaces=ns),
                            "updated": entry.findtext("a:updated", namespaces=ns), "link": href})
        out["entries"] = entries
        rfc3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        out["dates_ok"] = all(rfc3339.match(e["updated"] or "") for e in entries) and bool(rfc3339.match(out["feed_updated"] or ""))

        raw = open(os.path.join(root, "events.ics"), "rb").read()
        out["ics_longest_line"] = max(len(line) for line in raw.split(b"\r\n"))
        out["ics_bare_lf"] = b"\n" in raw.replace(b"\r\n", b"")
        calendar = icalendar.Calendar.from_ical(raw)
        out["method"] = str(calendar.get("METHOD"))
        out["version"] = str(calendar.get("VERSION"))
        out["events"] = [{"uid": str(e.get("UID")), "summary": str(e.get("SUMMARY")),
                          "start": e.decoded("DTSTART").isoformat(), "end": e.decoded("DTEND").isoformat(),
                          "categories": [str(c) for c in e.get("CATEGORIES").cats] if e.get("CATEGORIES") else []}
                         for e in calendar.walk("VEVENT")]
        print(json.dumps(out))
        """#

    struct Report: Decodable {
        struct Page: Decodable {
            let rels: [String: String?]
            let title: String
        }
        struct Entry: Decodable {
            let title: String?
            let id: String?
            let updated: String?
            let link: String?
        }
        struct Event: Decodable {
            let uid: String
            let summary: String
            let start: String
            let end: String
            let categories: [String]
        }
        let links: [String]
        let bad_links: [String]
        let pages: [String: Page]
        let feed_tag: String
        let feed_id: String?
        let entries: [Entry]
        let dates_ok: Bool
        let ics_longest_line: Int
        let ics_bare_lf: Bool
        let method: String
        let version: String
        let events: [Event]
    }

    static func check(_ folder: String) async throws -> Report {
        let result = try await runProcess("/usr/bin/env", ["python3", "-c", checker, folder])
        guard result.status == 0 else {
            Issue.record("python3 failed: \(result.stderr)")
            throw CancellationError()
        }
        return try JSONDecoder().decode(Report.self, from: result.stdout)
    }

    @Test func theArchivesPagesFeedAndCalendarParseAndEveryLinkIsRelativeAndResolves() async throws {
        let messages = try Self.messages()
        defer { try? FileManager.default.removeItem(at: messages.deletingLastPathComponent()) }
        let out = messages.deletingLastPathComponent().appendingPathComponent("public archive")
        let outcome = try WebArchive(messages: messages.path, out: out.path, name: "Social innovation digest").write()
        #expect(outcome.issues == 2)
        #expect(outcome.events == 1)
        let report = try await Self.check(out.path)
        #expect(report.bad_links.isEmpty, "\(report.bad_links)")
        #expect(report.links.contains("index.html") && report.links.contains("feed.atom"))

        // Index newest first; each page links to the older one as prev and the newer one as next.
        let older = "digest-2019-03-20-to-2019-04-05.html"
        let newer = "digest-2019-04-06-to-2019-04-20.html"
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        let first = try #require(index.range(of: newer)), second = try #require(index.range(of: older))
        #expect(first.lowerBound < second.lowerBound)
        #expect(report.pages[newer]?.rels["prev"] == older && report.pages[newer]?.rels["next"] == nil)
        #expect(report.pages[older]?.rels["next"] == newer && report.pages[older]?.rels["prev"] == nil)
        #expect(report.pages[older]?.title == "Social innovation digest (Vol. 2019, No. 1), 20 March – 5 April 2019")

        #expect(report.feed_tag == "{http://www.w3.org/2005/Atom}feed")
        #expect(report.feed_id?.hasPrefix("urn:uuid:") == true)
        #expect(report.entries.map(\.link) == [newer, older])
        #expect(report.entries.first?.title == "Social innovation digest (Vol. 2019, n° 2), 6–20 avril 2019")
        #expect(Set(report.entries.compactMap(\.id)).count == 2)
        #expect(report.dates_ok)

        #expect(report.method == "PUBLISH" && report.version == "2.0")
        let event = try #require(report.events.first)
        #expect(report.events.count == 1)
        #expect(event.summary == "Regulating the urban commons: a ROCK webinar")
        #expect(event.start == "2019-04-04" && event.end == "2019-04-05")
        #expect(event.uid.hasSuffix("@social-innovation-digest.example.org"))
        #expect(event.categories == ["cooperation", "culture"])
        #expect(report.ics_longest_line <= 75 && !report.ics_bare_lf)
    }

    @Test func rebuildingTheArchiveGivesTheSameFilesAndTheSameUIDs() throws {
        let messages = try Self.messages()
        defer { try? FileManager.default.removeItem(at: messages.deletingLastPathComponent()) }
        let a = messages.deletingLastPathComponent().appendingPathComponent("a")
        let b = messages.deletingLastPathComponent().appendingPathComponent("b")
        _ = try WebArchive(messages: messages.path, out: a.path, name: "x").write()
        _ = try WebArchive(messages: messages.path, out: b.path, name: "x").write()
        for name in ["index.html", "feed.atom", "events.ics", "digest-2019-03-20-to-2019-04-05.html"] {
            #expect(
                FileManager.default.contents(atPath: a.appendingPathComponent(name).path)
                    == FileManager.default.contents(atPath: b.appendingPathComponent(name).path), "\(name)")
        }
    }

    @Test func hostileTextIsEscapedInEveryFormat() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let listing = folder.appendingPathComponent("listing.txt")
        let title =
            "Tom & Jerry <script>alert(1)</script>; a, b \\ \"q\" — ünïcödé " + String(repeating: "é", count: 40)
        try Data(
            """
            hostile

            An intro.

            \(title)

            A summary.

            event

            start date: 04-04-2019

            end date: 05-04-2019

            """.utf8
        ).write(to: listing)
        var settings = try LanguageTests.settings(locale: nil)
        settings.sources = [ListingSource(path: listing.path)]
        settings.name = "A & B <list>"
        let outcome = try DigestBuild(settings: settings).run()
        let messages = folder.appendingPathComponent("digests")
        let path = try DigestFolder(path: messages.path).write(
            try #require(outcome.message), named: "digest-x.eml")
        try IssueRecord(digest: outcome.digest, name: settings.name, issue: nil).write(besideMessage: path)
        let out = folder.appendingPathComponent("archive")
        _ = try WebArchive(messages: messages.path, out: out.path, name: "x").write()
        let report = try await Self.check(out.path)
        #expect(report.events.first?.summary == title)
        #expect(report.ics_longest_line <= 75)
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!index.contains("<script>") && index.contains("A &amp; B &lt;list&gt;"))
        let feed = try String(contentsOf: out.appendingPathComponent("feed.atom"), encoding: .utf8)
        #expect(feed.contains("Tom &amp; Jerry &lt;script&gt;"))
    }

    @Test func theMessageReaderDecodesQuotedPrintableBase64AndEncodedWords() throws {
        let message = """
            Subject: =?UTF-8?Q?Caf=C3=A9_au_lait?= =?UTF-8?B?IOKAkyBvdWk=?=
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: base64

            w6l0w6k=
            --inner
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            <p>Caf=C3=A9 =3D soft=
             break</p>
            --inner--
            --outer--

            """.replacingOccurrences(of: "\n", with: "\r\n")
        let reader = try MessageReader(Array(message.utf8), path: "m.eml")
        #expect(reader.value(of: "subject") == "Café au lait – oui")
        #expect(reader.text == "été")
        #expect(reader.html == "<p>Café = soft break</p>")
        #expect {
            try MessageReader(Array("Content-Type: multipart/mixed\r\n\r\nx".utf8), path: "m.eml")
        } throws: { error in
            "\(error)".hasPrefix("Cannot read the message m.eml")
        }
    }
}
