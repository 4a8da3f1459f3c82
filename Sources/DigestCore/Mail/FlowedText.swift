/// RFC 3676 `format=flowed; delsp=no` text: a line ending in a space is soft (joined with the
/// next by a flowed-aware client); every other line break is hard.
enum FlowedText {
    /// The Content-Type parameters that declare it.
    static let parameters = "; format=flowed; delsp=no"

    /// Space-stuffs `text`: a line starting with a space or `From ` gets one more leading
    /// space, which the reader's client removes. Lines starting with `>` are quotes, as intended.
    static func stuffed(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: " ")) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 64)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.first == " " || line.hasPrefix("From ") { result += " " }
            result += line
            result += "\n"
        }
        result.removeLast()
        return result
    }
}
