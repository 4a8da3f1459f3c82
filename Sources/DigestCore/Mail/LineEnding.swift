/// How lines end in a written message.
public enum LineEnding: String, Sendable, CaseIterable {
    /// CRLF, as on the wire and in `.eml` files.
    case crlf
    /// LF, the local convention `sendmail -t` expects on its standard input.
    case lf

    var bytes: [UInt8] {
        switch self {
        case .crlf: [13, 10]
        case .lf: [10]
        }
    }
}
