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
    /// A file could not be written.
    case unwritable(path: String, reason: String)
    /// The preview server could not listen on the given loopback address.
    case previewUnavailable(address: String, reason: String)

    public var description: String {
        switch self {
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
        case .unwritable(let path, let reason):
            "Cannot write \(path): \(reason)."
        case .previewUnavailable(let address, let reason):
            "Cannot serve the preview on \(address): \(reason); pick another port with --port (0 takes a free one)."
        }
    }
}
