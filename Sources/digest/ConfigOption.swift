import ArgumentParser
import DigestCore

/// `--config`, the one option every command that reads digest.yml shares (`ListOptions`
/// embeds it; `digest archive` and `digest dkim-record` take it alone, their `--out` and
/// keys meaning something else).
struct ConfigOption: ParsableArguments, Sendable {
    @Option(
        help: ArgumentHelp(
            "The configuration file. Default: digest.yml in the working directory, when there is one.",
            valueName: "path"))
    var config: String?

    /// The file read: `--config`, else digest.yml when the working directory has one, else nil.
    var path: String? { DigestConfiguration.path(explicit: config) }

    /// The configuration file's values; nil when there is no file.
    func load() throws(DigestError) -> DigestConfiguration? {
        try path.map { (path) throws(DigestError) in try DigestConfiguration.load(path: path) }
    }
}
