/// How a list numbers its issues (`numbering:` in digest.yml, `--numbering`).
public enum IssueNumbering: String, Sendable, CaseIterable, Codable {
    /// No numbers: the subject and the bodies show only the window.
    case none
    /// A plain counter: `No. 12`.
    case counter
    /// A volume per year, counting from 1 each year: `Vol. 2019, No. 3`.
    case volume
}

/// One issue's number, as the issue log keeps it.
public struct IssueNumber: Hashable, Sendable, Codable {
    /// The number: within the volume, or since the first issue for a counter.
    public let number: Int
    /// The volume (the year of the window's last day), or nil for a plain counter.
    public let volume: Int?

    /// Creates an issue number.
    public init(number: Int, volume: Int? = nil) {
        self.number = number
        self.volume = volume
    }

}
