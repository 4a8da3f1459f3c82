/// A place in an input: a file (or URL) and a 1-based line.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The path or URL as the user gave it.
    public let file: String
    /// The 1-based line number, or nil when the problem concerns the whole input.
    public let line: Int?

    /// Creates a location.
    package init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }

    /// `file:line`, the form editors and terminals link to.
    public var description: String {
        line.map { "\(file):\($0)" } ?? file
    }
}
