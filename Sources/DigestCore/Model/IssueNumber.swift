/// How a list numbers its issues (`numbering:` in digest.yml, `--numbering`).
package enum IssueNumbering: String, Sendable, CaseIterable, Codable {
    /// No numbers: the subject and the bodies show only the window.
    case none
    /// A plain counter: `No. 12`.
    case counter
    /// A volume per year, counting from 1 each year: `Vol. 2019, No. 3`.
    case volume
}

/// One issue's number, as the issue log keeps it.
package struct IssueNumber: Hashable, Sendable, Codable {
    /// The number: within the volume, or since the first issue for a counter.
    package let number: Int
    /// The volume (the year of the window's last day), or nil for a plain counter.
    package let volume: Int?

    /// Creates an issue number.
    package init(number: Int, volume: Int? = nil) {
        self.number = number
        self.volume = volume
    }

}
