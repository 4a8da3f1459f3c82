/// How far an issue has gone: built, being sent, or sent to every reader it was made for.
package enum IssueStatus: String, Sendable, Codable, CaseIterable {
    /// Its messages are written; no delivery has been attempted.
    case built
    /// At least one delivery was attempted and at least one reader is not reached yet.
    case sending
    /// Every delivery of the current revision is `sent` or `suppressed`.
    case sent
}
