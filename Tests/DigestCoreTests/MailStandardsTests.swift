import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// RFC 2369/2919/8058 list headers, RFC 3676 flowed text, sizes: checked with Python's parser.
struct MailStandardsTests {
    private func build(list: MailingList? = nil, summary: String? = nil, count: Int = 1) throws -> DigestBuild.Outcome {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let listing = folder.appendingPathComponent("listing.txt")
        var text = "page\n\n"
        for index in 0..<count {
            let body = summary ?? "Short summary."
            text +=
                "  •  topic \(index % 3)\n\nItem number \(index)\n\n\(body)\n\nnews\n\npublication date: 01-04-2019\n\n"
        }
        try text.write(to: listing, atomically: true, encoding: .utf8)
        let settings = DigestBuild.Settings(
            sources: [ListingSource(path: listing.path)],
            selection: Selection(window: DateWindow(since: Day(iso: "2019-04-01")!, until: Day(iso: "2019-04-01")!)),
            templates: try TemplateSet(folder: TestFiles.templates), name: "Città news",
            from: try Mailbox(parsing: "News <news@city.example>"), to: [try Mailbox(parsing: "list@city.example")],
            list: list, date: MailDate(iso: "2019-04-01")!)
        return try DigestBuild(settings: settings).run()
    }

    @Test func withoutSettingsTheListIsDerivedFromNameAndSender() async throws {
        let message = try #require(try build().message)
        let parsed = try await MailInspection.of(bytes: message.bytes())
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.values("List-Id") == ["Città news <citt-news.city.example>"])
        #expect(parsed.values("List-Unsubscribe") == ["<mailto:news@city.example?subject=unsubscribe>"])
        #expect(parsed.values("List-Unsubscribe-Post").isEmpty, "one-click only with an https link")
        #expect(parsed.values("Precedence") == ["bulk"])
        #expect(parsed.values("Auto-Submitted") == ["auto-generated"])
    }

    @Test func anHTTPSUnsubscribeLinkAddsOneClickPost() async throws {
        let list = try MailingList(
            id: "news.city.example", name: "City news",
            unsubscribe: ["https://city.example/unsubscribe?list=news", "mailto:leave@city.example"])
        let parsed = try await MailInspection.of(bytes: try #require(try build(list: list).message).bytes())
        #expect(parsed.defects.isEmpty)
        #expect(
            parsed.values("List-Unsubscribe") == [
                "<https://city.example/unsubscribe?list=news>, <mailto:leave@city.example>"
            ])
        #expect(parsed.values("List-Unsubscribe-Post") == ["List-Unsubscribe=One-Click"])
        #expect(parsed.values("List-Id") == ["City news <news.city.example>"])
    }

    @Test(arguments: [
        ("not a list id", ["https://x.example/u"]),
        ("news.example.org", []),
        ("news.example.org", ["javascript:alert(1)"]),
        ("news.example.org", ["https://x.example/u\r\nBcc: a@b.example"]),
        ("news.example.org", ["https://x.example/a b"]),
    ])
    func badListSettingsAreRefused(id: String, unsubscribe: [String]) {
        #expect(throws: DigestError.self) { try MailingList(id: id, unsubscribe: unsubscribe) }
    }

    @Test func theTextPartIsFlowedAndReflowsToTheOriginalParagraphs() async throws {
        let paragraph = String(repeating: "Tram lines return to the old town centre after years of works. ", count: 5)
            .trimmingCharacters(in: .whitespaces)
        let url = "https://city.example/news/" + String(repeating: "very-long-path-segment/", count: 5)
        let summary =
            "\(paragraph)\n\nDetails: <\(url)>\n\n- a list item that is long enough to wrap over the line width of seventy-two columns"
        let message = try #require(try build(summary: summary).message)
        let parsed = try await MailInspection.of(bytes: message.bytes())
        #expect(parsed.defects.isEmpty)
        let text = try #require(parsed.parts?.first)
        #expect(text.params["format"] == "flowed")
        #expect(text.params["delsp"] == "no")
        #expect(text.unflowed.contains(paragraph), "a flowed-aware client reflows the paragraph")
        #expect(text.text.split(separator: "\n").contains { $0.hasSuffix(" ") }, "soft breaks end in a space")
        #expect(text.text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == url })
        // A list item's continuation line is a hard break, indented, and space-stuffed.
        let lines = text.text.split(separator: "\n", omittingEmptySubsequences: false)
        let itemLine = try #require(lines.firstIndex { $0.hasPrefix("- a list item") })
        #expect(!lines[itemLine].hasSuffix(" "))
        #expect(lines[itemLine + 1].hasPrefix("   "), "two spaces of indent plus one of stuffing")
        for line in text.text.split(separator: "\n") where !line.contains("https://") {
            #expect(line.trimmingCharacters(in: .whitespaces).count <= 72)
        }
    }

    @Test func aDigestOverTheClippingSizeWarnsAndNamesTheLargestSections() throws {
        let big = String(repeating: "A long paragraph about the city council's plans for the next decade. ", count: 40)
        let outcome = try build(summary: big, count: 60)
        let warning = try #require(outcome.warnings.first)
        #expect(warning.contains("KB"))
        #expect(warning.contains("topic 0") && warning.contains("topic 1"))
        #expect(try build().warnings.isEmpty)
    }

    @Test func everyLineIsWithinTheLimitsAndPartsDeclareCharsets() async throws {
        let long = String(repeating: "ü", count: 3000)
        let message = try #require(try build(summary: long).message)
        let bytes = message.bytes()
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        let parsed = try await MailInspection.of(bytes: bytes)
        #expect(parsed.parts?.allSatisfy { $0.charset == "utf-8" && $0.cte == "quoted-printable" } == true)
    }

    @Test func anMboxHoldsTheMessageAndQuotesFromLines() async throws {
        let message = try #require(try build(summary: "From the mayor: hello.").message)
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("digest.mbox").path
        try Mbox.write([message, message], to: path)
        let script = """
            import mailbox, sys
            box = mailbox.mbox(sys.argv[1])
            print(len(box), box[0]["Message-ID"], box[1].get_from().split()[0])
            """
        let result = try await runProcess("/usr/bin/env", ["python3", "-c", script, path])
        #expect(result.output == "2 \(message.messageID) news@city.example\n", "\(result.stderr)")
    }
}
