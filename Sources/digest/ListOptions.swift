import ArgumentParser
import DigestCore
import Foundation

/// The options every command that works on a list's output shares (build, items, preview
/// through `BuildOptions`; send, check, status, suppress, serve, unsubscribes): where its
/// settings, its messages and its state store are, resolved here and nowhere else: the option,
/// else digest.yml, else the default.
struct ListOptions: ParsableArguments, Sendable {
    @OptionGroup var file: ConfigOption

    @Option(
        help: ArgumentHelp(
            "The output folder: digest build writes the messages into it, the other commands find them there. "
                + "Default: out: in digest.yml, else digests.", valueName: "dir"))
    var out: String?

    @Option(
        help: ArgumentHelp(
            "The state database. Default: state: in digest.yml, else digest.sqlite in the output folder.",
            valueName: "file"))
    var state: String?

    /// The configuration file's values; nil when there is no file.
    func configuration() throws(DigestError) -> DigestConfiguration? {
        try file.load()
    }

    /// The output folder: `--out`, else `out:` of `file`, else `digests`.
    func outputFolder(_ file: DigestConfiguration?) -> String {
        out ?? file?.out ?? DigestConfiguration.Defaults.out
    }

    /// The state file: `--state`, else `state:` of `file`, else digest.sqlite in the output folder.
    func statePath(_ file: DigestConfiguration?) -> String {
        state ?? file?.state ?? StateStore.defaultPath(messages: outputFolder(file))
    }

    /// What the commands need to know of the list, from its configuration.
    struct Facts {
        /// The newsletter's name.
        var name: String
        /// The readers' language.
        var language: ReaderLanguage
        /// The subscriber list, when one is configured.
        var subscribers: String?
        /// The list's unsubscribe links (configured or derived from the sender).
        var unsubscribe: [String]
        /// The output folder.
        var out: String
        /// The state file: `--state`, else `state:` in digest.yml, else digest.sqlite in `out`.
        var state: String
    }

    /// The list's facts, from `--config` (or digest.yml) and the defaults.
    func facts() throws -> Facts {
        let file = try configuration()
        let templates = file?.templates ?? ProjectFiles.locate("Templates")
        var strings = (templates as NSString).appendingPathComponent(TemplateSet.stringsFolderName)
        if !FileManager.default.fileExists(atPath: strings) {
            strings = (ProjectFiles.locate("Templates") as NSString).appendingPathComponent(
                TemplateSet.stringsFolderName)
        }
        var language = ReaderLanguage.english
        if let locale = file?.locale { language = try ReaderLanguage.load(locale: locale, folder: strings) }
        let name = file?.name ?? DigestConfiguration.Defaults.name
        let from = try Mailbox(parsing: file?.from ?? DigestConfiguration.Defaults.from)
        let derived = MailingList.derived(name: name, from: from)
        let out = outputFolder(file)
        let list = try file?.list.mailingList(name: name, derived: derived) ?? derived
        return Facts(
            name: name, language: language, subscribers: file?.subscribers, unsubscribe: list.unsubscribe,
            out: out, state: statePath(file))
    }
}

extension ListOptions {
    /// The list's state store (see ``Facts/state``).
    func openStore(_ facts: Facts) throws(DigestError) -> StateStore {
        try StateStore.open(at: facts.state, messages: facts.out)
    }
}
