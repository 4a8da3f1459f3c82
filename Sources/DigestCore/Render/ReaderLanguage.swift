import Foundation
internal import Yams

/// The reader's language: the fixed words of the templates, the kind labels, month and day
/// names and the date patterns, read at run time from `<templates>/strings/<language>.yml`.
///
/// A key the file does not set falls back to English, so a user can start a language with a
/// handful of words.
public struct ReaderLanguage: Sendable, Equatable {
    /// The locale as given, e.g. `fr_FR`.
    public let locale: String
    /// The language code for `<html lang>`, e.g. `fr`.
    public let code: String
    /// Every word by key (`inThisIssue`, `news`, …), English where the file is silent.
    public let words: [String: String]
    /// Month names as they stand after a day number (Polish genitive: `kwietnia`).
    public let months: [String]
    /// Day names, Sunday first.
    public let weekdays: [String]

    /// The English words, built in: the fallback of every other language.
    public static let english = ReaderLanguage(
        locale: "en", code: "en", words: englishWords,
        months: [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ],
        weekdays: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"])

    /// The keys a strings file may set besides `months` and `weekdays`.
    public static var keys: [String] { englishWords.keys.sorted() }

    private static let englishWords: [String: String] = [
        "news": "News", "publication": "Publication", "event": "Event",
        "items": "items", "inThisIssue": "In this issue", "itemsInThisIssue": "items in this issue",
        "alsoIn": "Also in", "hello": "Hello",
        "yourTopics": "This issue follows your topics:", "omittedBefore": "… and", "omittedAfter": "more in",
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
    init(locale: String, code: String, words: [String: String], months: [String], weekdays: [String]) {
        self.locale = locale
        self.code = code
        self.words = words
        self.months = months
        self.weekdays = weekdays
    }

    /// The word for `key`, English when the language lacks it.
    public subscript(key: String) -> String {
        words[key] ?? ReaderLanguage.englishWords[key] ?? key
    }

    /// The language of `locale` (`fr_FR`, `fr-FR`, `fr`, `pl_PL.UTF-8`) from the strings files in
    /// `folder`: `<folder>/fr_FR.yml`, else `<folder>/fr.yml`. English needs no file.
    ///
    /// - Throws: ``DigestError/unknownLocale(_:folder:known:)`` when no file matches, or a
    ///   configuration error naming the file and line of a malformed one.
    public static func load(locale: String, folder: String) throws(DigestError) -> ReaderLanguage {
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
    public static func known(in folder: String) -> [String] {
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
        return ReaderLanguage(locale: locale, code: code, words: words, months: months, weekdays: weekdays)
    }

    /// `text` with each `{name}` replaced by its value.
    package static func fill(_ text: String, _ values: [String: String]) -> String {
        var result = text
        for (name, value) in values { result = result.replacingOccurrences(of: "{\(name)}", with: value) }
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
    public func label(_ kind: ItemKind) -> String {
        self[kind.rawValue]
    }
}
