/// What a body part holds: one string, or a text shared with other messages and this
/// message's values for its slots.
enum BodyContent: Sendable {
    case whole(String)
    case spliced(SplicedText, values: [String])

    /// The content as one string (joined, for spliced text).
    var string: String {
        switch self {
        case .whole(let text): text
        case .spliced(let text, let values): text.filled(values)
        }
    }

    /// About how many bytes the encoded content takes, to reserve room for it.
    var encodedSizeHint: Int {
        switch self {
        case .whole(let text): text.utf8.count * 11 / 10
        case .spliced(let text, let values): text.encodedSizeHint + 3 * values.reduce(0) { $0 + $1.utf8.count }
        }
    }

    /// Calls `body` with the content's bytes, in runs, in order.
    func forEachRun(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        switch self {
        case .whole(var text): text.withUTF8(body)
        case .spliced(let text, let values): text.forEachRun(values, body)
        }
    }
}
