/// A problem in one item of a source: reported, and the item skipped.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is.
    public let location: SourceLocation
    /// What is wrong, as a sentence fragment ("publication date 31-02-2019 does not exist").
    public let problem: String
    /// What was skipped because of it ("item “Bologna is 22nd city…”").
    public let skipped: String

    /// Creates a diagnostic.
    package init(location: SourceLocation, problem: String, skipped: String) {
        self.location = location
        self.problem = problem
        self.skipped = skipped
    }

    /// `file:line: problem; skipped what`.
    public var description: String {
        "\(location): \(problem); skipped \(skipped)"
    }
}
