/// A number with its noun in the right form, in English: "1 item", "2 items", "1,200 readers".
package enum Counted {
    /// `count` and `singular`, or `plural` (default: `singular` + "s") when `count` is not 1;
    /// thousands are grouped with commas.
    package static func phrase(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(grouped(count)) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    /// `count` with its thousands grouped: `12,345`.
    package static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        var out = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (count < 0 ? "-" : "") + out
    }
}
