/// Everything that can stop a run, each case one sentence that says where and what to do.
public enum DigestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A source or template file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// A source is not valid UTF-8 from the given line on.
    case notUTF8(SourceLocation)
    /// A source had a malformed item and `--strict` was given.
    case strict(Diagnostic)
    /// A template is missing from the templates folder.
    case missingTemplate(path: String)
    /// A template has a Mustache syntax error.
    case templateSyntax(location: SourceLocation, column: Int, message: String)
    /// An address option or setting is not a usable mailbox.
    case invalidAddress(String, reason: String)
    /// A List-Id or unsubscribe link is not usable.
    case invalidListSetting(String, reason: String)
    /// The sendmail command line cannot be used.
    case invalidSendmail(String, reason: String)
    /// Another `digest send` holds the send log.
    case sendInProgress(path: String)
    /// A subscriber list cannot be read as a whole.
    case malformedList(SourceLocation, reason: String)
    /// Personal unsubscribe links need a secret and none was found.
    case missingSecret(String)
    /// A file could not be written.
    case unwritable(path: String, reason: String)
    /// The configuration file is not valid YAML.
    case configSyntax(SourceLocation, message: String)
    /// The configuration file has a key digest does not know.
    case configUnknownKey(SourceLocation, key: String, known: [String])
    /// A configuration value has the wrong type or an unusable value.
    case configValue(SourceLocation, key: String, expected: String)
    /// A feed is not well-formed XML or JSON.
    case malformedFeed(SourceLocation, message: String)
    /// A source is none of the kinds digest reads.
    case unknownSourceKind(path: String, found: String)
    /// A feed URL could not be fetched.
    case fetchFailed(url: String, reason: String)
    /// A source is larger than digest reads.
    case tooLarge(path: String, limit: Int)
    /// The preview server could not listen on the given loopback address.
    case previewUnavailable(address: String, reason: String)
    /// `--reader` names an address the subscriber list does not hold.
    case unknownReader(address: String, list: String)
    /// No strings file in the templates' `strings` folder matches the asked locale.
    case unknownLocale(String, folder: String, known: [String])
    /// A message (to check or to archive) could not be read.
    case unreadableMessage(path: String, reason: String)
    /// The state database is gone, but the output folder's marker says its issues were in it.
    case stateMissing(path: String, marker: String)
    /// The state database cannot be read: not SQLite, damaged, or not one digest made.
    case stateUnreadable(path: String, reason: String)
    /// A build would replace an issue that some readers have already been sent.
    case issueAlreadySent(issue: Int, sent: Int)
    /// `--issue N` names an issue the state store does not have.
    case unknownIssue(Int)
    /// `--since last` or `digest send` before any issue was built.
    case noIssueYet(state: String, wanted: String)
    /// `--since last` when the last issue ended after `--until`: the window would be empty.
    case emptyWindow(since: String, until: String)
    /// The transport cannot carry any message (a certificate that does not verify, a refused
    /// password, a relay that cannot be reached): the send stopped instead of failing every one.
    case transportUnusable(transport: String, reason: String)

    /// Not one source could be read: each one's error.
    indirect case noSourceReadable([DigestError])

    public var description: String {
        switch self {
        case .noSourceReadable(let errors):
            "No source could be read, so there is no issue: "
                + errors.map { error in
                    var sentence = error.description
                    if sentence.hasSuffix(".") { sentence.removeLast() }
                    return sentence
                }.joined(separator: "; ") + "."
        case .unreadable(let path, let reason):
            "Cannot read \(path): \(reason)."
        case .notUTF8(let location):
            "\(location): the text is not valid UTF-8; save the file as UTF-8 and run again."
        case .strict(let diagnostic):
            "\(diagnostic) (stopped because of --strict)"
        case .missingTemplate(let path):
            "Template \(path) is missing; restore it or point --templates at a folder that has it."
        case .templateSyntax(let location, let column, let message):
            "\(location):\(column): template error: \(message)."
        case .invalidAddress(let text, let reason):
            "\"\(text)\" is not a usable mail address: \(reason)."
        case .invalidListSetting(let text, let reason):
            text.isEmpty ? "The list settings are incomplete: \(reason)." : "“\(text)” cannot be used: \(reason)."
        case .invalidSendmail(let command, let reason):
            "The sendmail command “\(command)” cannot be used: \(reason)."
        case .sendInProgress(let path):
            "Another digest send of this issue is running (it holds \(path)); wait for it to finish."
        case .malformedList(let location, let reason):
            "\(location): \(reason)."
        case .missingSecret(let reason):
            "No secret for unsubscribe tokens: \(reason)."
        case .unwritable(let path, let reason):
            "Cannot write \(path): \(reason)."
        case .configSyntax(let location, let message):
            "\(location): this is not valid YAML (\(message)); fix the file and run again."
        case .configUnknownKey(let location, let key, let known):
            "\(location): unknown key “\(key)”; the keys allowed here are \(known.joined(separator: ", "))."
        case .configValue(let location, let key, let expected):
            "\(location): “\(key)” should be \(expected)."
        case .malformedFeed(let location, let message):
            "\(location): the feed is malformed (\(message)); fix the feed or remove the source."
        case .unknownSourceKind(let path, let found):
            "\(path) is not a listing, a Markdown file or folder, or an RSS, Atom or JSON Feed: \(found)."
        case .fetchFailed(let url, let reason):
            "Cannot fetch \(url): \(reason); check the address or remove the source."
        case .tooLarge(let path, let limit):
            "\(path) is larger than \(limit / (1 << 20)) MB, more than digest reads from one source; split it."
        case .previewUnavailable(let address, let reason):
            "Cannot serve the preview on \(address): \(reason); pick another port with --port (0 takes a free one)."
        case .unknownReader(let address, let list):
            "\(list) has no reader \(address); give an address from the list to --reader."
        case .unknownLocale(let locale, let folder, let known):
            "\(folder) has no strings for the locale “\(locale)”; the known ones are \(known.joined(separator: ", ")) "
                + "(add \(folder)/<language>.yml to teach digest another)."
        case .unreadableMessage(let path, let reason):
            "Cannot read the message \(path): \(reason); rebuild it, or remove it from the folder."
        case .stateMissing(let path, let marker):
            "The state file \(path) is missing, but \(marker) says the folder's issues were recorded in it; "
                + "restore it from a backup (without it digest would send every issue again), or remove "
                + "\(marker) to start a new state from the folder's files."
        case .stateUnreadable(let path, let reason):
            "The state file \(path) cannot be used: \(reason); restore it from a backup (digest sends nothing without it)."
        case .issueAlreadySent(let issue, let sent):
            "Issue \(issue) has already been sent to \(sent) \(sent == 1 ? "reader" : "readers"); rebuilding it would "
                + "replace what they got. Give --revise to build a corrected revision (sent to every reader once "
                + "more), or choose another window."
        case .unknownIssue(let issue):
            "There is no issue \(issue); digest status lists the issues."
        case .emptyWindow(let since, let until):
            "The last issue ended on \(since), after --until \(until), so the window since the last issue is "
                + "empty; give a later --until, or --since YYYY-MM-DD."
        case .noIssueYet(let state, let wanted):
            "\(state) records no issue yet, so there is \(wanted); build a first one with "
                + "digest --since YYYY-MM-DD."
        case .transportUnusable(let transport, let reason):
            "\(transport) cannot take mail: \(reason). The send stopped; the messages not sent are left for "
                + "the next digest send."
        }
    }
}
