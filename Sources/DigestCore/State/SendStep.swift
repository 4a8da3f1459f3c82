/// One sender's step for ``StateStore/record(_:transport:at:)``: the outcome of its last
/// attempt, if it has one to record, and the delivery it would try next, if any.
package struct SendStep: Sendable {
    /// The attempt that ended, and how.
    package var finished: (attempt: Int64, outcome: DeliveryOutcome)?
    /// The delivery whose attempt begins next.
    package var next: Int64?

    /// Creates a step.
    package init(finished: (attempt: Int64, outcome: DeliveryOutcome)?, next: Int64?) {
        self.finished = finished
        self.next = next
    }
}
