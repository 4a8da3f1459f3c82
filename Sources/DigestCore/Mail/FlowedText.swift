/// RFC 3676 `format=flowed; delsp=no` text: a line ending in a space is soft (joined with the
/// next by a flowed-aware client); every other line break is hard. A line starting with a
/// space is space-stuffed when encoded (see ``BodyPart``); lines starting with `>` are quotes.
enum FlowedText {
    /// The Content-Type parameters that declare it.
    static let parameters = "; format=flowed; delsp=no"
}
