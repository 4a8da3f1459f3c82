import Foundation
internal import Yams

/// The reader's language: the fixed words of the templates, the kind labels, month and day
/// names and the date patterns, read at run time from `<templates>/strings/<language>.yml`.
///
/// A key the file does not set falls back to English, so a user can start a language with a
/// handful of words.
package struct ReaderLanguage: Sendable, Equatable {
    /// The locale as given, e.g. `fr_FR`.
    package let locale: String
    /// The language code for `<html lang>`, e.g. `fr`.
    package let code: String
    /// Every word by key (`inThisIssue`, `news`, …), English where the file is silent.
    package let words: [String: String]
    /// Month names as they stand after a day number (Polish genitive: `kwietnia`).
    package let months: [String]
    /// Day names, Sunday first.
    package let weekdays: [String]
    /// The forms of each counted phrase (`items`, …) by plural category; see ``counted(_:_:_:)``.
    let plurals: [String: [String: String]]

    /// The English words, built in: the fallback of every other language.
    package static let english = ReaderLanguage(
        locale: "en", code: "en", words: englishWords,
        months: [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ],
        weekdays: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"])

    /// The keys a strings file may set besides `months` and `weekdays`.
    package static var keys: [String] { (Array(englishWords.keys) + Array(englishPlurals.keys)).sorted() }

    /// Phrases with a count in them, by plural category (`one`, `few`, `many`, `other`, …):
    /// a strings file gives them as a mapping, e.g. `items: {one: "{count} item", other: "{count} items"}`.
    private static let englishPlurals: [String: [String: String]] = [
        "items": ["one": "{count} item", "other": "{count} items"],
        "itemsInThisIssue": ["one": "{count} item in this issue:", "other": "{count} items in this issue:"],
        "omitted": ["one": "… and {count} more in {topic}.", "other": "… and {count} more in {topic}."],
        "omittedOnline": [
            "one": "… and {count} more in {topic}: read it in the web version.",
            "other": "… and {count} more in {topic}: read them in the web version.",
        ],
    ]

    private static let englishWords: [String: String] = [
        "news": "News", "publication": "Publication", "event": "Event",
        "inThisIssue": "In this issue:", "alsoIn": "Also in:", "hello": "Hello",
        "greeting": "Hello {name},", "greetingNoName": "Hello,",
        "yourTopics": "This issue follows your topics: {topics}.",
        "readMore": "Read more → {domain}", "viewOnline": "View in your browser",
        "unsubscribeLabel": "Unsubscribe:", "unsubscribeByEmailLabel": "Unsubscribe by email:",
        // Read but no longer used by the shipped templates (now `omitted`), kept so older files load.
        "omittedBefore": "… and", "omittedAfter": "more in",
        "footer": "You receive {newsletter} because you subscribed to it:",
        "footerDetail": "a selection of news, publications and events, grouped by topic.",
        "unsubscribe": "Unsubscribe", "unsubscribeNote": "opens a page where one button ends your subscription.",
        "unsubscribeByEmail": "Unsubscribe by email",
        "unsubscribeByEmailNote": "sends a message to the list; once it is handled you get no further issue.",
        "pageUnsubscribeTitle": "Unsubscribe from {newsletter}",
        "pageUnsubscribeQuestion": "Stop sending {newsletter} to {address}?",
        "pageUnsubscribeButton": "Unsubscribe",
        "pageUnsubscribedTitle": "You are unsubscribed",
        "pageUnsubscribedText": "{address} will get no further issue of {newsletter}.",
        "pageResubscribeButton": "Subscribe again",
        "pageResubscribedTitle": "You are subscribed again",
        "pageResubscribedText": "{address} will get {newsletter} again from the next issue.",
        "pageResubscribeRefusedTitle": "Not subscribed again",
        "pageResubscribeRefusedText":
            "Mail to {address} stays stopped for a reason this page cannot lift. Please write to the editor.",
        "pageForbiddenTitle": "This link does not work",
        "pageForbiddenText":
            "It is incomplete or was changed. Use the unsubscribe link at the end of a recent issue, or reply to it.",
        "pageUnusableTitle": "Nothing here",
        "pageUnusableText": "This address does not answer this request.",
        "issue": "No. {number}", "volumeIssue": "Vol. {volume}, No. {number}",
        "archive": "Archive", "allIssues": "All issues", "previousIssue": "Previous issue",
        "nextIssue": "Next issue", "feed": "Atom feed", "calendar": "Calendar of events",
        "date": "{day} {month} {year}", "dayMonth": "{day} {month}", "dayOnly": "{day}", "firstDay": "{day}",
    ]

    /// Creates a language from its parts.
    init(
        locale: String, code: String, words: [String: String], months: [String], weekdays: [String],
        plurals: [String: [String: String]] = [:]
    ) {
        self.locale = locale
        self.code = code
        self.words = words
        self.months = months
        self.weekdays = weekdays
        self.plurals = plurals
    }

    /// The counted phrase `key` for `count` in this language's plural form, with `{count}`
    /// and `values` filled in: `counted("items", 1)` is `1 item`, in Polish `5 pozycji`.
    package func counted(_ key: String, _ count: Int, _ values: [String: String] = [:]) -> String {
        let form = PluralRule.form(count, language: code).rawValue
        let own = plurals[key]
        let english = ReaderLanguage.englishPlurals[key] ?? [:]
        let pattern =
            own?[form] ?? own?["other"]
            ?? english[PluralRule.form(count, language: "en").rawValue] ?? english["other"] ?? key
        return ReaderLanguage.fill(pattern, values.merging(["count": String(count)]) { $1 })
    }

    /// The writing direction of the language, for `<html dir>`: `rtl` for Arabic, Hebrew,
    /// Persian, Urdu and the like, else `ltr`.
    package var direction: String {
        ["ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"].contains(code) ? "rtl" : "ltr"
    }

    /// The word for `key`, English when the language lacks it.
    package subscript(key: String) -> String {
        words[key] ?? ReaderLanguage.englishWords[key] ?? key
    }

    /// The language of `locale` (`fr_FR`, `fr-FR`, `fr`, `pl_PL.UTF-8`) from the strings files in
    /// `folder`: `<folder>/fr_FR.yml`, else `<folder>/fr.yml`. English needs no file.
    ///
    /// - Throws: ``DigestError/unknownLocale(_:folder:known:)`` when no file matches, or a
    ///   configuration error naming the file and line of a malformed one.
    package static func load(locale: String, folder: String) throws(DigestError) -> ReaderLanguage {
        let clean = locale.split(separator: ".").first.map(String.init)?.replacingOccurrences(of: "-", with: "_") ?? ""
        let code = clean.split(separator: "_").first.map { $0.lowercased() } ?? ""
        guard !code.isEmpty, clean.allSatisfy({ $0.isLetter || $0 == "_" }) else {
            throw .unknownLocale(locale, folder: folder, known: known(in: folder))
        }
        for name in [clean, code] {
            let path = (folder as NSString).appendingPathComponent("\(name).yml")
            if FileManager.default.fileExists(atPath: path) {
                return try read(path: path, locale: clean, code: code)
            }
        }
        if code == "en" {
            return ReaderLanguage(
                locale: clean, code: "en", words: [:], months: english.months, weekdays: english.weekdays)
        }
        throw .unknownLocale(locale, folder: folder, known: known(in: folder))
    }

    /// The locales `folder` has strings for, always with `en`.
    package static func known(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let found = names.filter { $0.hasSuffix(".yml") && !$0.hasPrefix(".") }.map { String($0.dropLast(4)) }
        return Array(Set(found + ["en"])).sorted()
    }

    private static func read(path: String, locale: String, code: String) throws(DigestError) -> ReaderLanguage {
        let bytes = try SourceFile.bytes(path, limit: 1 << 20)
        if let line = SourceFile.firstNonUTF8Line(bytes) { throw .notUTF8(SourceLocation(file: path, line: line)) }
        var words: [String: String] = [:]
        var months = english.months
        var weekdays = english.weekdays
        var plurals: [String: [String: String]] = [:]
        do throws(YAMLProblem) {
            guard let root = try YAMLNodes.compose(String(decoding: bytes, as: UTF8.self)) else {
                return ReaderLanguage(locale: locale, code: code, words: [:], months: months, weekdays: weekdays)
            }
            for entry in try YAMLNodes.entries(root, what: "a strings file") {
                switch entry.key {
                case "months", "weekdays":
                    let names = try YAMLNodes.strings(entry.value, key: entry.key)
                    let count = entry.key == "months" ? 12 : 7
                    guard names.count == count else {
                        throw YAMLProblem(
                            line: entry.line, key: entry.key, message: "a list of \(count) names, not \(names.count)")
                    }
                    if entry.key == "months" { months = names } else { weekdays = names }
                case let key where englishPlurals[key] != nil:
                    plurals[key] = try pluralForms(entry.value, key: key, line: entry.line)
                case let key where englishWords[key] != nil:
                    words[key] = try YAMLNodes.string(entry.value, key: key)
                default:
                    throw YAMLProblem(
                        line: entry.line, key: entry.key, message: "an allowed key",
                        known: keys + ["months", "weekdays"])
                }
            }
        } catch {
            let location = SourceLocation(file: path, line: error.line)
            if let known = error.known, let key = error.key {
                throw .configUnknownKey(location, key: key, known: known)
            }
            if let key = error.key { throw .configValue(location, key: key, expected: error.message) }
            throw .configSyntax(location, message: error.message)
        }
        return ReaderLanguage(
            locale: locale, code: code, words: words, months: months, weekdays: weekdays, plurals: plurals)
    }

    /// A counted phrase: a mapping of plural forms, or one string for every count (an older
    /// strings file's `items: articles` becomes `{count} articles`).
    private static func pluralForms(_ node: Node, key: String, line: Int?) throws(YAMLProblem)
        -> [String: String]
    {
        if let single = try? YAMLNodes.string(node, key: key) {
            return ["other": single.contains("{count}") ? single : "{count} \(single)"]
        }
        var forms: [String: String] = [:]
        for entry in try YAMLNodes.entries(node, what: "the plural forms of \(key)") {
            guard PluralRule.Form(rawValue: entry.key) != nil else {
                throw YAMLProblem(
                    line: entry.line, key: "\(key).\(entry.key)", message: "a plural form",
                    known: PluralRule.Form.allCases.map(\.rawValue))
            }
            forms[entry.key] = try YAMLNodes.string(entry.value, key: "\(key).\(entry.key)")
        }
        guard forms["other"] != nil else {
            throw YAMLProblem(line: line, key: key, message: "an `other:` form, used for any count without its own")
        }
        return forms
    }

    /// `text` with each `{name}` replaced by its value; a `{…}` whose name has no value stays
    /// as it is. One pass: a value is never searched for names of its own.
    package static func fill(_ text: String, _ values: [String: String]) -> String {
        guard text.utf8.contains(UInt8(ascii: "{")) else { return text }
        var result = ""
        var rest = text[...]
        while let first = rest.firstIndex(of: "{"), let close = rest[first...].firstIndex(of: "}") {
            let open = rest[first..<close].lastIndex(of: "{")!  // `{{day}`: the inner one
            result += rest[..<open]
            let name = rest[rest.index(after: open)..<close]
            result += values[String(name)] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    /// The words the templates see as `{{t.…}}`, with `{newsletter}` filled in.
    func templateWords(newsletter: String) -> [String: String] {
        var all = ReaderLanguage.englishWords.merging(words) { $1 }
        for (key, value) in all where value.contains("{newsletter}") {
            all[key] = ReaderLanguage.fill(value, ["newsletter": newsletter])
        }
        return all
    }

    /// The label of a kind of item (“News”, “Actualité”).
    package func label(_ kind: ItemKind) -> String {
        self[kind.rawValue]
    }
}
