import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// A source that cannot be read does not stop the issue: all of them are reported, the issue is
/// built from the others; `--strict` and `required: true` make it fatal.
struct UnreadableSourceTests {
    static func settings(_ sources: [any ItemSource], strict: Bool = false) throws -> DigestBuild.Settings {
        DigestBuild.Settings(
            sources: sources,
            selection: Selection(window: DateWindow(since: Day(iso: "2019-03-20")!, until: Day(iso: "2019-04-20")!)),
            templates: try TemplateSet(folder: TestFiles.templates), name: "Digest",
            from: try Mailbox(parsing: "Digest <digest@example.org>"),
            to: [try Mailbox(parsing: "Readers <readers@example.org>")], date: MailDate(iso: "2019-04-20T07:30:00Z")!,
            strict: strict)
    }

    static let day = Day(iso: "2019-04-20")!

    static func sources(required: Bool = false) -> [any ItemSource] {
        [
            DetectedSource(
                SourceSpec("/nonexistent/digest-\(UUID().uuidString).txt", required: required), readDay: day),
            DetectedSource(SourceSpec(TestFiles.fixture("social-innovation-listing.txt")), readDay: day),
            DetectedSource(SourceSpec("ftp://ftp.example.org/feed.xml"), readDay: day),
        ]
    }

    @Test func everyUnreadableSourceIsReportedAndTheIssueIsBuiltFromTheOthers() throws {
        let outcome = try DigestBuild(settings: Self.settings(Self.sources())).run()
        #expect(outcome.message != nil)
        #expect(outcome.itemsRead > 0)
        #expect(outcome.unreadable.count == 2)
        let reported = outcome.diagnostics.filter { $0.problem.hasPrefix("the source cannot be read") }
        #expect(reported.count == 2)
        #expect(reported.allSatisfy { $0.skipped == "the source (the issue is built from the others)" })
    }

    @Test func strictOrRequiredMakesItFatal() throws {
        #expect(throws: DigestError.self) {
            try DigestBuild(settings: Self.settings(Self.sources(), strict: true)).run()
        }
        #expect(throws: DigestError.self) {
            try DigestBuild(settings: Self.settings(Self.sources(required: true))).run()
        }
    }

    @Test func whenNoSourceCanBeReadEveryOneIsNamedInTheError() throws {
        let sources: [any ItemSource] = [
            DetectedSource(SourceSpec("/nonexistent/a-\(UUID().uuidString).txt"), readDay: Self.day),
            DetectedSource(SourceSpec("gopher://example.org/feed"), readDay: Self.day),
        ]
        #expect {
            try DigestBuild(settings: Self.settings(sources)).run()
        } throws: { error in
            guard case .noSourceReadable(let errors) = error as? DigestError else { return false }
            let text = (error as! DigestError).description
            return errors.count == 2 && text.contains("/nonexistent/a-") && text.contains("gopher://example.org/feed")
        }
    }

    @Test func requiredIsReadFromTheConfiguration() throws {
        let yaml = "sources:\n  - path: a.txt\n    required: true\n  - b.txt\n"
        let configuration = try DigestConfiguration(yaml: yaml, file: "digest.yml")
        #expect(configuration.sources?.map(\.required) == [true, false])
    }
}
