import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

struct MarkdownSourceTests {
    @Test func aFolderIsReadRecursivelyAndBadFilesAreReported() throws {
        let folder = TestFiles.fixture("notes")
        let reading = try MarkdownSource(path: folder).read()
        #expect(
            reading.items.map(\.title).sorted() == [
                "Annual report", "Commons assembly: spring session", "Tram line T9 opens",
            ])
        let tram = try #require(reading.items.first { $0.title.hasPrefix("Tram") })
        #expect(tram.date == Day(iso: "2019-04-15"))
        #expect(tram.kind == .news)
        #expect(tram.topics == ["mobility", "transport"])
        #expect(tram.link == "https://example.org/t9")
        #expect(tram.summary == "The **T9** line opens with [a map](https://example.org/t9/map).")
        #expect(tram.origin == SourceLocation(file: folder + "/tram.md", line: 2))

        let assembly = try #require(reading.items.first { $0.kind == .event })
        #expect(assembly.date == Day(iso: "2019-05-02"))
        #expect(assembly.end == Day(iso: "2019-05-03"))
        #expect(assembly.topics == ["commons"])
        let report = try #require(reading.items.first { $0.kind == .publication })
        #expect(report.topics == ["notes"])  // no topics: the folder's name
        #expect(report.date == Day(iso: "2019-04-05"))

        let problems = reading.diagnostics.map(\.description)
        #expect(problems.count == 3)
        #expect(problems.contains { $0.hasPrefix(folder + "/broken.md:") && $0.contains("not valid YAML") })
        #expect(
            problems.contains {
                $0.hasPrefix(folder + "/events/badkind.md:4: kind “podcast” should be news, publication or event")
            })
        #expect(problems.contains { $0.hasPrefix(folder + "/plain.md:1: a Markdown item starts with a “---” line") })
    }

    @Test func theConfiguredTopicReplacesTheFolderName() throws {
        let reading = try MarkdownSource(path: TestFiles.fixture("notes"), topic: "notes from the lab").read()
        #expect(reading.items.first { $0.kind == .publication }?.topics == ["notes from the lab"])
    }

    @Test(arguments: [
        ("---\ntitle: x\n---\n", "a news needs a “date”"),
        ("---\ntitle: x\ndate: 2019-02-30\n---\n", "date “2019-02-30” is not a date"),
        ("---\ntitle: x\ndate: 2019-04-01\nlink: javascript:alert(1)\n---\n", "link “javascript:alert(1)”"),
        ("---\ntitle: x\nkind: event\nstart: 2019-04-05\nend: 2019-04-01\n---\n", "end 2019-04-01 is before start"),
        ("---\ntitle: x\ndate: 2019-04-01\n", "no closing “---” line"),
        ("---\ndate: 2019-04-01\n---\n", "no “title”"),
        ("---\ntitle: [a, b]\ndate: 2019-04-01\n---\n", "“title” should be a single text value"),
        ("---\n- a\n- b\n---\n", "should be a mapping"),
    ])
    func badFrontMatterIsReported(text: String, problem: String) {
        guard case .failure(let diagnostic) = FrontMatter.item(text, file: "x.md", topic: "t") else {
            Issue.record("expected a diagnostic for \(text)")
            return
        }
        #expect(diagnostic.description.contains(problem), "\(diagnostic)")
        #expect(diagnostic.description.hasPrefix("x.md:"))
    }
}
