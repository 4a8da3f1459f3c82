/// Where unsubscribes are recorded: a suppression stops every later build and send for the
/// address until it is lifted.
package protocol SuppressionRecorder: Sendable {
    /// Records that `address` wants no more issues; done (durably) when this returns.
    func suppress(address: String, reason: String) async throws
    /// Lifts the suppression of `address`, if there is one.
    func unsuppress(address: String) async throws
    /// Whether `address` is suppressed.
    func isSuppressed(address: String) async throws -> Bool
}
