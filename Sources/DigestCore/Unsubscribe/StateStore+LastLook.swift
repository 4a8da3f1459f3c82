package import Foundation
import GRDB

extension StateStore {
    /// Begins an attempt at `delivery` unless its recipient is suppressed by now, in one write
    /// transaction: then the delivery is marked `suppressed` and nil returned.
    ///
    /// A send picks its list of deliveries once, at its start; an unsubscribe that got its 200
    /// while the send was under way committed its suppression before that 200, so this last
    /// look, taken right before the message is handed over, always sees it. No attempt to a
    /// reader ever begins after their unsubscribe was acknowledged.
    package func beginAttemptUnlessSuppressed(_ delivery: Int64, transport: String, at time: Date = Date())
        throws(DigestError) -> Int64?
    {
        try write { db in try StateStore.beginAttemptUnlessSuppressed(delivery, transport: transport, at: time, db) }
    }

    /// Records how `finished` ended (as ``recordOutcome(_:_:at:)``) and begins the attempt at
    /// `delivery` (as ``beginAttemptUnlessSuppressed(_:transport:at:)``) in one transaction:
    /// one sync to disk where the two would take two. A sender that has its next message
    /// ready when the last one's answer comes loses nothing by it: the outcome is recorded as
    /// soon as before, and the next attempt still begins before its message is handed over.
    package func recordOutcome(
        _ finished: (attempt: Int64, outcome: DeliveryOutcome), thenBegin delivery: Int64, transport: String,
        at time: Date = Date()
    ) throws(DigestError) -> Int64? {
        try write { db in
            try StateStore.recordOutcome(finished.attempt, finished.outcome, at: time, db)
            return try StateStore.beginAttemptUnlessSuppressed(delivery, transport: transport, at: time, db)
        }
    }

    /// The last look and the attempt's begin, inside a write transaction.
    private static func beginAttemptUnlessSuppressed(
        _ delivery: Int64, transport: String, at time: Date, _ db: Database
    ) throws -> Int64? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT recipient, issue_id FROM delivery WHERE id = ?", arguments: [delivery])
        else { return nil }
        let recipient: String = row["recipient"]
        let issue: Int = row["issue_id"]
        if let reason = try String.fetchOne(
            db, sql: "SELECT reason FROM suppression WHERE address = ?", arguments: [StateStore.key(recipient)])
        {
            try db.execute(
                sql: "UPDATE delivery SET state = 'suppressed', last_answer = ? WHERE id = ?",
                arguments: ["suppressed (\(reason))", delivery])
            try StateStore.updateStatus(of: issue, db)
            return nil
        }
        return try StateStore.beginAttempt(delivery, of: issue, transport: transport, at: time, db)
    }
}
