/// Header text that cannot break a header: every control character (CR, LF, NUL, tab…)
/// and every run of whitespace becomes one space, at construction.
package struct HeaderText: Hashable, Sendable, CustomStringConvertible {
    /// The cleaned text; never contains a control character.
    package let value: String

    /// Cleans `raw` for use in a header.
    package init(_ raw: String) {
        var result = ""
        result.reserveCapacity(raw.utf8.count)
        var pendingSpace = false
        for scalar in raw.unicodeScalars {
            let isBreaking =
                scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator
            if isBreaking {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        value = result
    }

    package var description: String { value }

    /// Whether the text is plain ASCII.
    var isASCII: Bool { value.utf8.allSatisfy { $0 < 0x80 } }
}
