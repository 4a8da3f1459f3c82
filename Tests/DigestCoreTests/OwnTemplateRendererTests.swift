import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// Digest's own Mustache renderer draws what swift-mustache draws, byte for byte: each
/// construct and standalone-line case on its own, then the shipped templates with the
/// contexts real builds make; templates it does not handle go to swift-mustache.
struct OwnTemplateRendererTests {
    /// Values of every type DigestRenderer puts in a context, and text that escaping could get wrong.
    static var context: [String: Any] {
        [
            "name": "Ana & <Bob> \"q\" 'x'", "zero": 0, "one": 1, "yes": true, "no": false, "empty": "",
            "list": ["a", "b"], "none": [] as [String], "noObjects": [] as [[String: Any]],
            "items": [["title": "A", "n": 1], ["title": "B<", "flag": true]] as [[String: Any]],
            "person": ["name": "Pérez", "nested": ["deep": "d&"] as [String: Any]] as [String: Any],
            "t": ["alsoIn": "Also in:", "footer": "Sent by <digest>"], "mixed": ["x", 2, true] as [Any],
            "accent": "l'été & \"ça\"", "combining": "a&\u{301}b <\u{338} x\u{301}' é'", "prepend": "\u{600}<y>",
            "marker": "\u{E000}greeting&\u{E001}", "multiline": "one\ntwo\n",
        ]
    }

    static let constructs: [String] = [
        // variables
        "Hello {{name}}!", "{{{name}}}", "{{& name}}", "{{ name }}|{{{ name }}}|{{&name}}",
        "{{zero}} {{one}} {{yes}} {{no}} [{{empty}}]", "[{{missing}}][{{{missing}}}][{{& missing}}]",
        "{{accent}} {{combining}} {{prepend}} {{marker}}", "{{{accent}}} {{{combining}}} {{{prepend}}}",
        "{{multiline}}", "  {{name}}\n", "a { b } c }} {x}", "{{{name}}}}", "{{name}}{{name}}",
        // dotted names and the stack
        "{{person.name}} {{person.nested.deep}} {{person.missing.deep}} {{t.alsoIn}} {{name.length}}",
        "{{#person}}{{name}} {{nested.deep}} {{person.name}} {{zero}}{{/person}}",
        "{{#person.nested}}{{deep}}|{{name}}{{/person.nested}}", "{{#t}}{{footer}}{{/t}}",
        "{{#items}}{{title}}{{#flag}}!{{/flag}}{{n}}{{name}};{{/items}}",
        "{{#items}}{{#person}}{{title}}{{/person}}{{/items}}",
        // sections and inverted sections
        "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}", "{{#zero}}[{{.}}]{{/zero}}{{#one}}[{{.}}]{{/one}}",
        "{{#empty}}[{{.}}]{{/empty}}", "{{#name}}[{{.}}]{{/name}}", "{{#list}}<{{.}}>{{/list}}",
        "{{#none}}x{{/none}}{{#noObjects}}y{{/noObjects}}", "{{^none}}empty{{/none}}{{^noObjects}}none{{/noObjects}}",
        "{{^list}}x{{/list}}{{^items}}y{{/items}}", "{{^missing}}m{{/missing}}{{^no}}n{{/no}}{{^yes}}y{{/yes}}",
        "{{^zero}}z{{/zero}}{{^empty}}e{{/empty}}{{^person}}p{{/person}}", "{{#missing}}m{{/missing}}",
        "{{#mixed}}({{.}}){{/mixed}}", "{{#list}}{{#list}}{{.}}{{/list}};{{/list}}",
        "{{#yes}}{{#yes}}2{{/yes}}{{/yes}}",
        "{{#list}}{{^none}}<{{zero}}>{{/none}}{{/list}}", "{{# yes }}s{{/ yes }}", "{{#.}}{{name}}{{/.}}",
        // comments and the content type
        "a{{! comment }}b", "a{{!multi\nline}}b", "{{!}}x", "{{! {{not a tag}} }}x",
        "{{% CONTENT_TYPE: TEXT}}\n{{name}}", "{{name}}{{%CONTENT_TYPE:TEXT}}{{name}}",
        "{{#yes}}{{% CONTENT_TYPE: TEXT}}{{name}}{{/yes}}{{name}}",
        "{{% CONTENT_TYPE: TEXT }}{{name}}{{% CONTENT_TYPE : HTML}}{{name}}",
        // standalone lines (the spec's sections, inverted sections, comments), and swift-mustache's own rules
        "a\n{{#yes}}\nb\n{{/yes}}\nc", "a\n  {{#yes}}  \nb\n  {{/yes}}  \nc", "  {{#yes}}x{{/yes}}\n",
        "|\n{{^no}}\ninv\n{{/no}}\n|", "{{#yes}}\n{{/yes}}", "\t{{#yes}}\t\n\tin\n\t{{/yes}}\t", "\t{{#yes}}\n{{/yes}}",
        "x{{#yes}}\ny\n{{/yes}}\n{{#yes}}\nz\n{{/yes}}\n", "{{#yes}}\nx{{/yes}}  {{#yes}}\nz\n{{/yes}}\n",
        "{{#yes}}x{{/yes}}   ", "a{{#yes}}\n{{/yes}}b", "  {{#no}}x{{/no}}\n  y\n", "a {{#yes}}b{{/yes}} c\n",
        "{{#yes}}\n  {{#list}}\n  - {{.}}\n  {{/list}}\n{{/yes}}\n", "\n\n{{#no}}\n\n{{/no}}\n\n",
        "a\n{{! standalone }}\nb", "  {{! indented }}  \nb", "a {{!x}} \nb", "{{!multi\nline}}\nb",
        "  {{!c}}{{name}}\n", "  {{!c}}{{!d}}\nx", "  {{!c}}  {{#yes}}\nx\n{{/yes}}\n", "a\n  ", "a\n  \n",
        "{{#list}}\n{{.}}\n{{/list}}\n", "{{^none}}\n  {{#yes}}\n  x\n  {{/yes}}\n{{/none}}\n",
        "{{#yes}}{{/yes}}\n{{#yes}}\n{{/yes}}\n", "  {{% CONTENT_TYPE: TEXT}}  \n{{name}}",
        "x {{% CONTENT_TYPE: TEXT}}\n",
        "{{#yes}}\n{{name}}\n{{/yes}}", "",
    ]

    @Test(arguments: constructs) func eachConstructRendersAsSwiftMustacheDoes(template: String) throws {
        let own = try #require(CompiledTemplate(template), "digest's parser takes \(template.debugDescription)")
        let reference = try LoadedTemplate(source: template, engine: .swiftMustache)
        for context in [Self.context, [:]] {
            let rendered = try #require(own.render(context), "digest's renderer draws \(template.debugDescription)")
            #expect(rendered == reference.render(context), "\(template.debugDescription)")
        }
    }

    /// A `"` or `<` with a combining mark after it (or a prepended mark before it) is escaped
    /// by both renderers: to an HTML parser that `"` still ends the attribute, so text from a
    /// feed could otherwise add an attribute of its own (swift-mustache's built-in escaping
    /// compares characters and let it through; digest gives swift-mustache its own).
    @Test(arguments: [LoadedTemplate.Engine.digest, .swiftMustache])
    func aQuoteWithACombiningMarkCannotLeaveItsAttribute(engine: LoadedTemplate.Engine) throws {
        let template = try LoadedTemplate(source: "<img alt=\"{{alt}}\">{{title}}\n", engine: engine)
        #expect(template.isOwn == (engine == .digest))
        let rendered = template.render(["alt": "x\"\u{301} onerror=\"alert(1)", "title": "\u{600}<b\u{301}>'\u{301}"])
        #expect(rendered == "<img alt=\"x&quot;\u{301} onerror=&quot;alert(1)\">\u{600}&lt;b\u{301}&gt;&#39;\u{301}\n")
    }

    /// Templates put together at random (seeded) from tags, blanks, newlines and text: whatever
    /// digest's parser takes, swift-mustache parses too and renders the same.
    @Test func randomTemplatesRenderAsSwiftMustacheDoes() throws {
        var random = MutationTests.SeededRandom(state: 20_190_320)
        var compared = 0
        for _ in 0..<3000 {
            let template = Self.randomTemplate(&random, depth: 0)
            guard let own = CompiledTemplate(template) else { continue }
            let reference = try LoadedTemplate(source: template, engine: .swiftMustache)
            guard let rendered = own.render(Self.context) else { continue }
            #expect(rendered == reference.render(Self.context), "\(template.debugDescription)")
            compared += 1
        }
        #expect(compared > 1500, "\(compared) templates compared")
    }

    static func randomTemplate(_ random: inout MutationTests.SeededRandom, depth: Int) -> String {
        let texts = ["a", " ", "\t", "\n", "\n", "  ", "x y", "{", "}", "é", "<&>", "'", "\n  "]
        let tags = [
            "{{name}}", "{{{name}}}", "{{& accent}}", "{{ zero }}", "{{.}}", "{{person.name}}", "{{missing}}",
            "{{! c }}", "{{!\n}}", "{{% CONTENT_TYPE: TEXT}}", "{{%CONTENT_TYPE:HTML}}", "{{combining}}",
        ]
        let names = ["yes", "no", "list", "none", "person", "items", "zero", "empty", "missing", "t"]
        var result = ""
        for _ in 0..<Int(random.next() % UInt64(7)) {
            switch Int(random.next() % UInt64(10)) {
            case 0...3: result += texts[Int(random.next() % UInt64(texts.count))]
            case 4...6: result += tags[Int(random.next() % UInt64(tags.count))]
            default:
                guard depth < 3 else { continue }
                let name = names[Int(random.next() % UInt64(names.count))]
                let open = Int(random.next() % UInt64(3)) == 0 ? "^" : "#"
                let blank = [" ", "", "", "\t"][Int(random.next() % UInt64(4))]
                result +=
                    "{{\(open)\(name)}}\(blank)" + randomTemplate(&random, depth: depth + 1) + "{{/\(name)}}\(blank)"
            }
        }
        return result
    }

    /// The cases of the Mustache spec (github.com/mustache/spec, `specs/*.json`, MIT; copied in
    /// Fixtures/mustache-spec) for comments, interpolation, inverted sections and sections:
    /// wherever digest's renderer takes the template and the data, it draws what swift-mustache
    /// draws (which is not always what the spec expects: the standard is swift-mustache's output).
    @Test(arguments: ["comments", "interpolation", "inverted", "sections"])
    func theSpecsCasesRenderAsSwiftMustacheDoes(file: String) throws {
        struct Spec: Decodable {
            struct Case: Decodable {
                var name: String
                var data: SpecValue
                var template: String
            }
            var tests: [Case]
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: TestFiles.fixture("mustache-spec/\(file).json")))
        let spec = try JSONDecoder().decode(Spec.self, from: data)
        var compared = 0
        for test in spec.tests {
            guard let own = CompiledTemplate(test.template) else { continue }
            let context = test.data.native as? [String: Any] ?? ["value": test.data.native as Any]
            guard let rendered = own.render(context) else { continue }
            let reference = try LoadedTemplate(source: test.template, engine: .swiftMustache)
            #expect(rendered == reference.render(context), "\(file): \(test.name)")
            compared += 1
        }
        #expect(compared >= spec.tests.count / 2, "\(compared) of \(spec.tests.count) cases compared")
    }

    static let declined: [String] = [
        "{{uppercased(name)}}", "{{#reversed(list)}}{{.}}{{/reversed(list)}}", "{{> partial}}",
        "{{=<% %>=}}<% name %>", "{{<parent}}{{$block}}b{{/block}}{{/parent}}", "{{$block}}x{{/block}}",
        "|\r\n{{#yes}}\r\n{{/yes}}\r\n|", "{{#yes}}\u{2028}x{{/yes}}", "{{\nname}}", "{{name\n}}", "{{.name}}",
        "{{name.}}", "{{#list}}{{}}{{/list}}", "{{#yes}}\r{{/yes}}", "{{\u{301}name}}", "x{{",
        "{{#list}}{{index()}}{{/list}}",
    ]

    @Test(arguments: declined) func otherTemplatesGoToSwiftMustache(template: String) throws {
        #expect(CompiledTemplate(template) == nil, "\(template.debugDescription)")
        let loaded = try LoadedTemplate(source: template)
        #expect(!loaded.isOwn)
        let reference = try LoadedTemplate(source: template, engine: .swiftMustache)
        #expect(loaded.render(Self.context) == reference.render(Self.context))
    }

    @Test func aTransformStillRendersThroughSwiftMustache() throws {
        let loaded = try LoadedTemplate(source: "{{uppercased(person.name)}} {{#first()}}{{/first()}}")
        #expect(loaded.render(Self.context) == "PÉREZ ")
    }

    @Test func aValueOfAnotherTypeIsLeftToSwiftMustache() throws {
        let template = "{{ratio}} {{#counts}}{{a}}{{/counts}} {{#list}}{{.}}{{/list}}"
        let context: [String: Any] = ["ratio": 1.5, "counts": ["a": 1] as [String: Int], "list": ["x"]]
        #expect(try #require(CompiledTemplate(template)).render(context) == nil)
        let loaded = try LoadedTemplate(source: template)
        #expect(loaded.isOwn)
        #expect(loaded.render(context) == "1.5 1 x")
        // Inside an inverted section on an empty list, swift-mustache prints the list: `[]`.
        let list = try LoadedTemplate(source: "{{#list}}{{^none}}{{.}}{{/none}}{{/list}}")
        #expect(try #require(CompiledTemplate("{{#list}}{{^none}}{{.}}{{/none}}{{/list}}")).render(Self.context) == nil)
        #expect(list.render(Self.context) == "[][]")
    }

    @Test(arguments: [
        "{{#a}}x", "{{#a}}{{/b}}", "x{{/a}}", "{{name", "{{{name}}", "{{% FOO: BAR}}", "{{% CONTENT_TYPE: JSON}}",
        "line\n  {{#a}}\n{{/a}}{{/a}}",
    ])
    func aSyntaxErrorIsReportedAsBefore(broken: String) throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try broken.write(to: folder.appendingPathComponent(TemplateSet.htmlName), atomically: true, encoding: .utf8)
        try "{{name}}".write(to: folder.appendingPathComponent(TemplateSet.textName), atomically: true, encoding: .utf8)
        #expect(CompiledTemplate(broken) == nil)
        func error(_ engine: LoadedTemplate.Engine) -> String {
            do {
                _ = try TemplateSet(
                    folder: folder.path, fallbackStrings: TestFiles.templates + "/strings", engine: engine)
                return "no error"
            } catch {
                return error.description
            }
        }
        #expect(error(.digest) == error(.swiftMustache))
        #expect(error(.digest).contains(":1") || error(.digest).contains(":3"), "\(error(.digest))")
    }

    @Test func theShippedTemplatesAreDrawnByDigestsOwnRenderer() throws {
        let templates = try TemplateSet(folder: TestFiles.templates)
        #expect(templates.rendersOwn == (html: true, text: true))
    }

    // MARK: the shipped templates with the contexts real builds make

    static func item(
        _ id: String, _ title: String, kind: ItemKind = .news, date: String = "2019-04-10", end: String? = nil,
        topics: [String], link: String? = "https://example.org/news/1", image: ItemImage? = nil,
        excerpt: Bool = false
    ) -> Item {
        Item(
            id: id, title: title,
            summary: "A *summary* with [a link](https://example.org/report) & <b>raw</b> \"quotes\".\n\n- one\n- two",
            kind: kind, date: Day(iso: date)!, end: end.flatMap(Day.init(iso:)), topics: topics, link: link,
            origin: SourceLocation(file: "test.txt", line: 1), titleIsExcerpt: excerpt, image: image)
    }

    static var digest: Digest {
        let sized = ItemImage(
            url: "https://cdn.example.org/a.jpg", alt: "A \"tram\" & <bus>", fallbackAlt: "x", width: 1200, height: 800)
        let unsized = ItemImage(url: "https://cdn.example.org/b.jpg", alt: "", fallbackAlt: "Market", width: nil)
        let cooperation = [
            item(
                "1", "Bologna & \"friends\" sign <the> pledge l'été", topics: ["cooperation", "culture", "économie"],
                image: sized),
            item(
                "2", "Regulating the urban commons: a ROCK webinar", kind: .event, date: "2019-04-04",
                end: "2019-04-06", topics: ["cooperation"]),
            item("3", "A report", kind: .publication, topics: ["cooperation", "housing"], link: nil, image: unsized),
            item(
                "4", "Some words from a note without a title that go on for a while", topics: ["cooperation"],
                link: "javascript:alert(1)", excerpt: true),
        ]
        let culture = [item("5", "日本語のタイトル 🎉", topics: ["culture"], link: "https://example.jp/%E6%97%A5")]
        return Digest(
            window: DateWindow(since: Day(iso: "2019-03-20")!, until: Day(iso: "2019-04-20")!),
            sections: [
                Digest.Section(topic: "cooperation", label: "Cooperation & more", items: cooperation, omitted: 2),
                Digest.Section(topic: "culture", label: "culture", items: culture),
            ])
    }

    static let mastheads: [DigestRenderer.Masthead] = [
        DigestRenderer.Masthead(name: "Weekly digest", subject: "Weekly digest, 20 March – 20 April 2019"),
        DigestRenderer.Masthead(
            name: "City <news> & \"more\"", subject: "Issue 7", unsubscribe: "https://city.example/unsubscribe?a=1&b=2",
            issue: IssueNumber(number: 7, volume: 2), webVersion: "https://city.example/issues/7.html"),
        DigestRenderer.Masthead(
            name: "Digest", subject: "Digest", unsubscribe: "mailto:digest@example.org?subject=unsubscribe",
            issue: IssueNumber(number: 12)),
    ]

    static let readers: [DigestRenderer.Reader?] = [
        nil, DigestRenderer.Reader(name: "Ana Pérez & Co", topics: ["cooperation", "culture"]),
        DigestRenderer.Reader(name: nil, topics: []), DigestRenderer.Reader(name: "Bob", topics: ["housing"]),
    ]

    @Test(arguments: [nil, "fr_FR", "de_DE", "pl_PL"] as [String?])
    func theShippedTemplatesRenderAsSwiftMustacheDoes(locale: String?) throws {
        let own = try TemplateSet(folder: TestFiles.templates, locale: locale)
        let reference = try TemplateSet(folder: TestFiles.templates, locale: locale, engine: .swiftMustache)
        let empty = Digest(window: Self.digest.window, sections: [])
        let folder = URL(fileURLWithPath: TestFiles.templates)
        let html = try #require(
            CompiledTemplate(String(contentsOf: folder.appendingPathComponent(TemplateSet.htmlName), encoding: .utf8)))
        let text = try #require(
            CompiledTemplate(String(contentsOf: folder.appendingPathComponent(TemplateSet.textName), encoding: .utf8)))
        for budget in [DigestRenderer.defaultBudget, 9000] {
            let ours = DigestRenderer(templates: own, budget: budget)
            let theirs = DigestRenderer(templates: reference, budget: budget)
            for digest in [Self.digest, empty] {
                let items = ours.renderItems(of: digest)
                for masthead in Self.mastheads {
                    // Digest's renderer knows every value of the context: nothing goes to swift-mustache.
                    let context = ours.context(for: digest, masthead: masthead, items: items)
                    #expect(html.render(context) != nil && text.render(context) != nil)
                    for reader in Self.readers {
                        let mine = ours.render(digest, masthead: masthead, items: items, reader: reader)
                        let expected = theirs.render(digest, masthead: masthead, items: items, reader: reader)
                        #expect(mine == expected, "\(masthead.name), \(String(describing: reader)), budget \(budget)")
                    }
                }
            }
        }
    }

    @Test func theSampleDigestIsTheSameThroughEitherRenderer() throws {
        func message(_ engine: LoadedTemplate.Engine) throws -> [UInt8] {
            let settings = DigestBuild.Settings(
                sources: [ListingSource(path: TestFiles.fixture("social-innovation-listing.txt"))],
                selection: Selection(
                    window: DateWindow(since: Day(iso: "2019-03-20")!, until: Day(iso: "2026-11-27")!)),
                templates: try TemplateSet(folder: TestFiles.templates, engine: engine),
                name: "Social innovation digest",
                from: try Mailbox(parsing: "Eurocities Digest <digest@example.org>"),
                to: [try Mailbox(parsing: "Readers <readers@example.org>")],
                date: MailDate(iso: "2019-04-20T07:30:00Z")!)
            return try #require(try DigestBuild(settings: settings).run().message).bytes(lineEnding: .crlf)
        }
        #expect(try message(.digest) == message(.swiftMustache))
    }
}

/// A JSON value of the spec's data, turned into the Swift types a digest context holds
/// (`null` left out, as a missing name).
enum SpecValue: Decodable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([SpecValue])
    case object([String: SpecValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([SpecValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: SpecValue].self))
        }
    }

    var native: Any? {
        switch self {
        case .null: nil
        case .bool(let value): value
        case .int(let value): value
        case .double(let value): value
        case .string(let value): value
        case .array(let values): values.compactMap(\.native) as [Any]
        case .object(let values): values.compactMapValues(\.native) as [String: Any]
        }
    }
}
