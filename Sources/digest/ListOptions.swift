import ArgumentParser
import DigestCore
import Foundation

/// The options `digest serve` and `digest unsubscribes` share: where the list's settings and
/// its state store are.
struct ListOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The configuration file. Default: digest.yml in the working directory, when there is one.",
            valueName: "path"))
    var config: String?

    @Option(help: ArgumentHelp("The state database. Default: digest.sqlite in the output folder.", valueName: "file"))
    var state: String?

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
        let path = DigestConfiguration.path(explicit: config)
        let file = try path.map { (path) throws(DigestError) in try DigestConfiguration.load(path: path) }
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
        let out = file?.out ?? DigestConfiguration.Defaults.out
        let list = try file?.list.mailingList(name: name, derived: derived) ?? derived
        return Facts(
            name: name, language: language, subscribers: file?.subscribers, unsubscribe: list.unsubscribe,
            out: out, state: state ?? file?.state ?? StateStore.defaultPath(messages: out))
    }
}

extension ListOptions {
    /// The list's state store (see ``Facts/state``).
    func openStore(_ facts: Facts) throws(DigestError) -> StateStore {
        try StateStore.open(at: facts.state, messages: facts.out)
    }
}
