/// The verdict over several checked messages: `Check: 3 messages, 1 error, 2 warnings.`
package struct CheckSummary: Sendable {
    /// How many messages were checked.
    package private(set) var messages = 0
    /// How many errors were found in all.
    package private(set) var errors = 0
    /// How many warnings were found in all.
    package private(set) var warnings = 0

    /// An empty summary.
    package init() {}

    /// Counts one message's findings.
    package mutating func add(_ findings: [CheckFinding]) {
        messages += 1
        errors += findings.count { $0.severity == .error }
        warnings += findings.count { $0.severity == .warning }
    }

    /// The one-line verdict.
    package var line: String {
        let checked = "\(messages) message\(messages == 1 ? "" : "s")"
        guard errors + warnings > 0 else { return "Check: \(checked), no problems." }
        return "Check: \(checked), \(errors) error\(errors == 1 ? "" : "s"), "
            + "\(warnings) warning\(warnings == 1 ? "" : "s")."
    }
}
