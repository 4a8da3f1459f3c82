/// One thing a careful sender would fix in a message.
public struct CheckFinding: Sendable, Hashable, CustomStringConvertible {
    /// How serious it is.
    public enum Severity: String, Sendable, Hashable {
        /// The message is broken or breaks a standard: fix it before sending.
        case error
        /// The message works, but some readers or clients will see a problem.
        case warning
    }

    /// Error or warning.
    public let severity: Severity
    /// A short, stable name for the rule: `no-text-part`, `long-line`, `date`…
    public let rule: String
    /// What is wrong, as a sentence.
    public let message: String

    /// Creates a finding.
    package init(_ severity: Severity, _ rule: String, _ message: String) {
        self.severity = severity
        self.rule = rule
        self.message = message
    }

    /// `error [long-line]: line 12 is 1200 octets long; …`
    public var description: String {
        "\(severity.rawValue) [\(rule)]: \(message)"
    }
}
