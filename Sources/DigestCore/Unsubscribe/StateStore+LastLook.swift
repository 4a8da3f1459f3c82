package import Foundation
import GRDB

extension StateStore {
    /// Begins an attempt at `delivery` unless its recipient is suppressed by now, in one write
    /// transaction: then the delivery is marked `suppressed` and nil returned.
    ///
    /// A send picks its list of deliveries once, at its start; an unsubscribe that got its 200
    /// while the send was under way committed its suppression before that 200, so this last
    /// look, taken while the sender's previous message is on the wire (one message's time
    /// before this one is handed over), always sees it. No attempt to a reader ever begins
    /// after their unsubscribe was acknowledged.
    package func beginAttemptUnlessSuppressed(_ delivery: Int64, transport: String, at time: Date = Date())
        throws(DigestError) -> Int64?
    {
        try write { db in try StateStore.beginAttemptUnlessSuppressed(delivery, transport: transport, at: time, db) }
    }

    /// Records the steps of several senders in one transaction, one sync to disk for all of
    /// them: for each, how its last attempt ended (as ``recordOutcome(_:_:at:)``), then the
    /// begin of its next one (as ``beginAttemptUnlessSuppressed(_:transport:at:)``), which
    /// still comes after the last look and before its message is handed over.
    ///
    /// - Returns: for each step, the attempt it began, or nil (no next delivery, or its reader
    ///   is suppressed by now and it was marked so).
    package func record(_ steps: [SendStep], transport: String, at time: Date = Date()) throws(DigestError)
        -> [Int64?]
    {
        try write { db in
            var issues = Set<Int>()
            for step in steps {
                if let (attempt, outcome) = step.finished,
                    let issue = try StateStore.recordOutcome(attempt, outcome, at: time, db, updatingStatus: false)
                {
                    issues.insert(issue)
                }
            }
            for issue in issues { try StateStore.updateStatus(of: issue, db) }
            return try steps.map { step in
                try step.next.flatMap { delivery in
                    try StateStore.beginAttemptUnlessSuppressed(delivery, transport: transport, at: time, db)
                }
            }
        }
    }

    /// The last look and the attempt's begin, inside a write transaction.
    private static func beginAttemptUnlessSuppressed(
        _ delivery: Int64, transport: String, at time: Date, _ db: Database
    ) throws -> Int64? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT recipient, issue_id FROM delivery WHERE id = ?"), arguments: [delivery])
        else { return nil }
        let recipient: String = row["recipient"]
        let issue: Int = row["issue_id"]
        if let reason = try String.fetchOne(
            db.cachedStatement(sql: "SELECT reason FROM suppression WHERE address = ?"),
            arguments: [StateStore.key(recipient)])
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
