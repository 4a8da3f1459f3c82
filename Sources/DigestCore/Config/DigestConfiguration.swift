import Foundation
internal import Yams

/// What `digest.yml` says: every field nil (or empty) when the file does not set it, so the
/// command line can override the file and built-in defaults fill the rest.
///
/// Relative paths in the file are taken relative to the file's folder.
public struct DigestConfiguration: Hashable, Sendable {
    /// The newsletter's name.
    package var name: String?
    /// The subject line.
    package var subject: String?
    /// The sender, `Name <address>` or an address (checked when read).
    package var from: String?
    /// The recipients or the list address (checked when read).
    package var to: [String]?
    /// `List-Id` and the unsubscribe URL.
    package var list = ListSettings()
    /// The subscriber list (CSV), for one personal digest per reader.
    package var subscribers: String?
    /// The sources, in precedence order.
    package var sources: [SourceSpec]?
    /// Topic order, labels, per-topic windows and caps.
    package var topics: [TopicPlan.Topic] = []
    /// Days after the window in which starting events are announced.
    package var upcomingDays: Int?
    /// The templates folder.
    package var templates: String?
    /// The output folder.
    package var out: String?
    /// The state database (default: `digest.sqlite` in the output folder).
    package var state: String?
    /// Whether a malformed item stops the run.
    package var strict: Bool?
    /// Seconds to wait for a feed's host.
    package var timeout: Double?
    /// The reader's locale (`fr_FR`): dates and the templates' words; nil for English.
    package var locale: String?
    /// How issues are numbered; nil for none.
    package var numbering: IssueNumbering?
    /// The public URL of the web archive (`base-url:`), for each message's "View in your browser" link.
    package var baseURL: String?
    /// The most kilobytes of a message's HTML part (`html-budget:`); nil for 100.
    package var htmlBudget: Int?
    /// The SMTP relay for `digest send --smtp`.
    package var smtp: SMTPConfiguration?
    /// How messages are DKIM-signed when sent.
    package var dkim: DKIMConfiguration?
    /// The envelope sender (where bounces go); nil for the From address.
    package var bounce: String?

    /// The configuration that sets nothing.
    package init() {}

    /// The keys of the top level.
    package static let keys = [
        "name", "subject", "from", "to", "list-id", "unsubscribe", "unsubscribe-template", "subscribers", "sources",
        "topics", "upcoming-days",
        "templates", "out", "state", "strict", "timeout", "locale", "numbering", "smtp", "dkim", "bounce",
        "base-url", "html-budget",
    ]
    /// The keys of a source entry.
    package static let sourceKeys = ["path", "url", "topic", "required", "base-url"]
    /// The keys of a topic entry.
    package static let topicKeys = ["name", "label", "window-days", "cap"]

    /// The configuration file to read: `explicit` when given, else `digest.yml` in the working
    /// directory when there is one, else none.
    package static func path(explicit: String?) -> String? {
        explicit ?? (FileManager.default.fileExists(atPath: "digest.yml") ? "digest.yml" : nil)
    }

    /// Reads the configuration file at `path`.
    ///
    /// - Throws: ``DigestError`` naming the file and line of the first problem: not readable,
    ///   not UTF-8, not YAML, an unknown key, a value of the wrong type.
    public static func load(path: String) throws(DigestError) -> DigestConfiguration {
        let bytes = try SourceFile.bytes(path, limit: 1 << 20)
        if let line = SourceFile.firstNonUTF8Line(bytes) { throw .notUTF8(SourceLocation(file: path, line: line)) }
        let folder = (path as NSString).deletingLastPathComponent
        return try DigestConfiguration(yaml: String(decoding: bytes, as: UTF8.self), file: path, folder: folder)
    }

    /// Reads a configuration from YAML text.
    ///
    /// - Parameters:
    ///   - yaml: the text.
    ///   - file: its name, for messages.
    ///   - folder: what relative paths are relative to (empty: the working directory).
    public init(yaml: String, file: String, folder: String = "") throws(DigestError) {
        do throws(YAMLProblem) {
            self = try ConfigurationReader(file: file, folder: folder).read(yaml)
        } catch {
            let location = SourceLocation(file: file, line: error.line)
            if let known = error.known, let key = error.key {
                throw .configUnknownKey(location, key: key, known: known)
            }
            if let key = error.key {
                throw .configValue(location, key: key, expected: error.message)
            }
            throw .configSyntax(location, message: error.message)
        }
    }
}

/// Walks the YAML tree of `digest.yml` into a ``DigestConfiguration``.
private struct ConfigurationReader {
    let file: String
    let folder: String

    func read(_ yaml: String) throws(YAMLProblem) -> DigestConfiguration {
        var configuration = DigestConfiguration()
        guard let root = try YAMLNodes.compose(yaml) else { return configuration }
        for entry in try YAMLNodes.entries(root, what: "the configuration") {
            let (key, value) = (entry.key, entry.value)
            switch key {
            case "name": configuration.name = try YAMLNodes.string(value, key: key)
            case "subject": configuration.subject = try YAMLNodes.string(value, key: key)
            case "from":
                configuration.from = try mailbox(value, key: key)
            case "to":
                var recipients: [String] = []
                for element in YAMLNodes.list(value) { recipients.append(try mailbox(element, key: key)) }
                configuration.to = recipients
            case "list-id": configuration.list.id = try listID(value)
            case "unsubscribe":
                let text = try YAMLNodes.string(value, key: key).trimmingWhitespace
                guard let lower = Optional(text.lowercased()),
                    lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:"),
                    WebLink.resolve(text, against: nil) != nil
                else {
                    throw YAMLProblem(
                        line: YAMLNodes.line(value), key: key,
                        message: "an https:, http: or mailto: URL, not “\(text)”")
                }
                configuration.list.unsubscribe = [text]
            case "unsubscribe-template":
                let text = try YAMLNodes.string(value, key: key).trimmingWhitespace
                do {
                    _ = try UnsubscribeLinkTemplate(text)
                } catch {
                    throw YAMLProblem(
                        line: YAMLNodes.line(value), key: key,
                        message: "an https: or mailto: URL with {email} and {token}, not “\(text)”")
                }
                configuration.list.unsubscribeTemplate = text
            case "subscribers": configuration.subscribers = path(try YAMLNodes.string(value, key: key))
            case "upcoming-days": configuration.upcomingDays = try YAMLNodes.int(value, key: key, range: 0...3650)
            case "templates": configuration.templates = path(try YAMLNodes.string(value, key: key))
            case "out": configuration.out = path(try YAMLNodes.string(value, key: key))
            case "state": configuration.state = path(try YAMLNodes.string(value, key: key))
            case "strict": configuration.strict = try YAMLNodes.bool(value, key: key)
            case "timeout": configuration.timeout = Double(try YAMLNodes.int(value, key: key, range: 1...600))
            case "locale": configuration.locale = try YAMLNodes.string(value, key: key).trimmingWhitespace
            case "numbering":
                let text = try YAMLNodes.string(value, key: key).trimmingWhitespace
                guard let numbering = IssueNumbering(rawValue: text.lowercased()) else {
                    throw YAMLProblem(
                        line: YAMLNodes.line(value), key: key,
                        message: "volume (Vol. 2019, No. 3), counter (No. 12) or none, not “\(text)”")
                }
                configuration.numbering = numbering
            case "base-url": configuration.baseURL = try webAddress(value, key: key)
            case "html-budget": configuration.htmlBudget = try YAMLNodes.int(value, key: key, range: 20...10_000)
            case "smtp": configuration.smtp = try DeliveryConfigurationReader.smtp(value, path: path)
            case "dkim": configuration.dkim = try DeliveryConfigurationReader.dkim(value, path: path)
            case "bounce":
                let text = try mailbox(value, key: key)
                configuration.bounce = (try? Mailbox(parsing: text).address) ?? text
            case "sources":
                var sources: [SourceSpec] = []
                for element in YAMLNodes.list(value) { sources.append(try source(element)) }
                configuration.sources = sources
            case "topics":
                var topics: [TopicPlan.Topic] = []
                for element in YAMLNodes.list(value) {
                    let topic = try self.topic(element)
                    if topics.contains(where: { $0.name.lowercased() == topic.name.lowercased() }) {
                        throw YAMLProblem(
                            line: YAMLNodes.line(element), key: "topics",
                            message: "a list of different topics; “\(topic.name)” comes twice")
                    }
                    topics.append(topic)
                }
                configuration.topics = topics
            default:
                throw unknown(key, line: entry.line, known: DigestConfiguration.keys)
            }
        }
        return configuration
    }

    private func source(_ node: Node) throws(YAMLProblem) -> SourceSpec {
        if case .scalar(let scalar) = node {
            return SourceSpec(location(scalar.string))
        }
        var location: String?
        var topic: String?
        var baseURL: String?
        var required = false
        for entry in try YAMLNodes.entries(node, what: "a source") {
            switch entry.key {
            case "path", "url":
                guard location == nil else {
                    throw YAMLProblem(line: entry.line, key: entry.key, message: "alone: a source has a path or a url")
                }
                let text = try YAMLNodes.string(entry.value, key: entry.key).trimmingWhitespace
                if entry.key == "url" && !SourceSpec(text).isURL {
                    throw YAMLProblem(line: entry.line, key: "url", message: "an http:// or https:// address")
                }
                location = self.location(text)
            case "topic": topic = try YAMLNodes.string(entry.value, key: "topic").trimmingWhitespace
            case "base-url": baseURL = try webAddress(entry.value, key: "base-url")
            case "required": required = try YAMLNodes.bool(entry.value, key: "required")
            default: throw unknown(entry.key, line: entry.line, known: DigestConfiguration.sourceKeys)
            }
        }
        guard let location, !location.isEmpty else {
            throw YAMLProblem(line: YAMLNodes.line(node), key: "sources", message: "a list of paths or urls")
        }
        var spec = SourceSpec(location, topic: topic?.isEmpty == true ? nil : topic, required: required)
        spec.baseURL = baseURL
        return spec
    }

    /// An `http:` or `https:` URL that relative links are resolved against.
    private func webAddress(_ node: Node, key: String) throws(YAMLProblem) -> String {
        let text = try YAMLNodes.string(node, key: key).trimmingWhitespace
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), WebLink.resolve(text, against: nil) != nil
        else {
            throw YAMLProblem(
                line: YAMLNodes.line(node), key: key, message: "an https:// or http:// address, not “\(text)”")
        }
        return text
    }

    private func topic(_ node: Node) throws(YAMLProblem) -> TopicPlan.Topic {
        if case .scalar(let scalar) = node {
            let name = scalar.string.trimmingWhitespace
            guard !name.isEmpty else {
                throw YAMLProblem(line: YAMLNodes.line(node), key: "topics", message: "a list of topic names")
            }
            return TopicPlan.Topic(name: name)
        }
        var topic = TopicPlan.Topic(name: "")
        for entry in try YAMLNodes.entries(node, what: "a topic") {
            switch entry.key {
            case "name": topic.name = try YAMLNodes.string(entry.value, key: "name").trimmingWhitespace
            case "label": topic.label = try YAMLNodes.string(entry.value, key: "label")
            case "cap": topic.cap = try YAMLNodes.int(entry.value, key: "cap", range: 1...1000)
            case "window-days": topic.windowDays = try YAMLNodes.int(entry.value, key: "window-days", range: 1...3650)
            default: throw unknown(entry.key, line: entry.line, known: DigestConfiguration.topicKeys)
            }
        }
        guard !topic.name.isEmpty else {
            throw YAMLProblem(
                line: YAMLNodes.line(node), key: "name", message: "the topic's name, as the sources tag it")
        }
        return topic
    }

    private func mailbox(_ node: Node, key: String) throws(YAMLProblem) -> String {
        let text = try YAMLNodes.string(node, key: key)
        do throws(DigestError) {
            _ = try Mailbox(parsing: text)
        } catch {
            throw YAMLProblem(
                line: YAMLNodes.line(node), key: key, message: "a mailbox like “Name <name@example.org>”: \(error)")
        }
        return text
    }

    private func listID(_ node: Node) throws(YAMLProblem) -> String {
        let text = try YAMLNodes.string(node, key: "list-id").trimmingWhitespace
        var id = Substring(text)
        if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
            id = text[text.index(after: open)..<text.index(before: text.endIndex)]
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
        guard id.contains("."), !id.hasPrefix("."), !id.hasSuffix("."), !id.contains(".."),
            id.allSatisfy({ allowed.contains($0) }), !text.contains(where: \.isNewline)
        else {
            throw YAMLProblem(
                line: YAMLNodes.line(node), key: "list-id",
                message: "a list identifier like “Weekly digest <weekly.example.org>”, not “\(text)”")
        }
        return text
    }

    private func unknown(_ key: String, line: Int?, known: [String]) -> YAMLProblem {
        YAMLProblem(line: line, key: key, message: "an allowed key", known: known)
    }

    /// A URL unchanged; a path relative to the configuration's folder.
    private func location(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace
        let spec = SourceSpec(trimmed)
        return spec.isURL || spec.otherScheme != nil || spec.filePath != nil ? trimmed : path(trimmed)
    }

    private func path(_ text: String) -> String {
        guard !text.hasPrefix("/"), !folder.isEmpty, folder != "." else { return text }
        return (folder as NSString).appendingPathComponent(text)
    }
}
