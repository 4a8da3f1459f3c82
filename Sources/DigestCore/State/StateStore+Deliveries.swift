package import Foundation
import GRDB

extension StateStore {
    /// The deliveries of issue `issue`'s current revision (or of `revision`), in send order.
    package func deliveries(of issue: Int, revision: Int? = nil) throws(DigestError) -> [Delivery] {
        try read { db in
            let revision =
                try revision ?? Int.fetchOne(db, sql: "SELECT revision FROM issue WHERE id = ?", arguments: [issue])
                ?? 1
            return try Row.fetchAll(
                db, sql: "SELECT * FROM delivery WHERE issue_id = ? AND revision = ? ORDER BY position",
                arguments: [issue, revision]
            ).map(StateStore.delivery)
        }
    }

    /// The deliveries `digest send` still has to make for issue `issue`: those of its current
    /// revision that are not `sent` (nor `suppressed`), in send order, leaving out the ones whose
    /// address is suppressed, which are marked `suppressed` (unless `recordSuppressed` is false,
    /// for a dry run that changes nothing).
    ///
    /// - Throws: ``DigestError/unknownIssue(_:)`` when there is no such issue.
    package func deliveriesToSend(of issue: Int, recordSuppressed: Bool = true) throws(DigestError) -> [Delivery] {
        let body: (Database) throws -> [Delivery] = { db in
            guard
                let revision = try Int.fetchOne(db, sql: "SELECT revision FROM issue WHERE id = ?", arguments: [issue])
            else { throw DigestError.unknownIssue(issue) }
            if recordSuppressed {
                try db.execute(
                    sql: """
                        UPDATE delivery SET state = 'suppressed', last_answer = 'suppressed ('
                            || (SELECT reason FROM suppression WHERE address = lower(delivery.recipient)) || ')'
                        WHERE issue_id = ? AND revision = ? AND state IN ('pending', 'failed', 'in-flight')
                            AND lower(recipient) IN (SELECT address FROM suppression)
                        """, arguments: [issue, revision])
                try StateStore.updateStatus(of: issue, db)
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM delivery WHERE issue_id = ? AND revision = ?
                        AND state IN ('pending', 'failed', 'in-flight')
                        AND lower(recipient) NOT IN (SELECT address FROM suppression)
                    ORDER BY position
                    """, arguments: [issue, revision]
            ).map(StateStore.delivery)
        }
        return try recordSuppressed ? write(body) : read(body)
    }

    /// Records that an attempt at `delivery` begins, before the message is handed over: the
    /// delivery becomes `in-flight` (and stays so if the process is killed before
    /// ``recordOutcome(_:_:at:)``, which ``digest status`` reports as a possible duplicate).
    ///
    /// - Parameter transport: what carries the message (`sendmail`, `smtp://relay:587`).
    /// - Returns: the attempt's id, for ``recordOutcome(_:_:at:)``.
    package func beginAttempt(_ delivery: Int64, transport: String, at time: Date = Date()) throws(DigestError)
        -> Int64
    {
        try write { db in
            let issue = try Int.fetchOne(db, sql: "SELECT issue_id FROM delivery WHERE id = ?", arguments: [delivery])
            return try StateStore.beginAttempt(delivery, of: issue, transport: transport, at: time, db)
        }
    }

    /// The attempt's row, its delivery `in-flight` and its issue `sending`, inside a write
    /// transaction.
    static func beginAttempt(_ delivery: Int64, of issue: Int?, transport: String, at time: Date, _ db: Database)
        throws -> Int64
    {
        try db.cachedStatement(sql: "INSERT INTO attempt (delivery_id, started_at, transport) VALUES (?, ?, ?)")
            .execute(arguments: [delivery, time.timeIntervalSince1970, transport])
        let attempt = db.lastInsertedRowID
        try db.cachedStatement(sql: "UPDATE delivery SET state = 'in-flight' WHERE id = ?")
            .execute(arguments: [delivery])
        if let issue {
            try db.cachedStatement(sql: "UPDATE issue SET status = 'sending' WHERE id = ? AND status = 'built'")
                .execute(arguments: [issue])
        }
        return attempt
    }

    /// Records how an attempt ended; the delivery becomes `sent` or `failed` (or stays
    /// `in-flight` when the message may have been delivered: the attempt gets its answer and no
    /// outcome), and the issue `sent` once each of its current deliveries is `sent` or
    /// `suppressed`. Durable when it returns.
    package func recordOutcome(_ attempt: Int64, _ outcome: DeliveryOutcome, at time: Date = Date()) throws(DigestError)
    {
        try write { db in try StateStore.recordOutcome(attempt, outcome, at: time, db) }
    }

    /// The outcome's record, inside a write transaction, with the issue's status brought up
    /// to date (unless `updatingStatus` is false: then the caller does it, and gets the
    /// issue's id for it).
    @discardableResult
    static func recordOutcome(
        _ attempt: Int64, _ outcome: DeliveryOutcome, at time: Date, _ db: Database, updatingStatus: Bool = true
    ) throws -> Int? {
        let (state, answer): (String, String)
        switch outcome {
        case .sent(let said): (state, answer) = ("sent", said)
        case .failed(let said): (state, answer) = ("failed", said)
        case .possiblyDelivered(let said): (state, answer) = ("in-flight", said)
        }
        try db.cachedStatement(sql: "UPDATE attempt SET finished_at = ?, outcome = ?, answer = ? WHERE id = ?")
            .execute(arguments: [time.timeIntervalSince1970, state == "in-flight" ? nil : state, answer, attempt])
        let delivery = try db.cachedStatement(
            sql:
                "SELECT delivery.id, delivery.issue_id FROM attempt JOIN delivery ON delivery.id = attempt.delivery_id WHERE attempt.id = ?"
        )
        guard let row = try Row.fetchOne(delivery, arguments: [attempt]) else { return nil }
        try db.cachedStatement(sql: "UPDATE delivery SET state = ?, last_answer = ? WHERE id = ?")
            .execute(arguments: [state, answer, row["id"] as Int64])
        let issue: Int = row["issue_id"]
        if updatingStatus { try StateStore.updateStatus(of: issue, db) }
        return issue
    }

    /// How many attempts at `delivery` ended without an answer: the run was killed during
    /// them, or the connection broke after the data. Each may have reached the reader.
    package func unansweredAttempts(of delivery: Int64) throws(DigestError) -> Int {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM attempt WHERE delivery_id = ? AND outcome IS NULL",
                arguments: [delivery]) ?? 0
        }
    }

    /// The deliveries of issue `issue`'s current revision that are `sent` after attempts that
    /// ended without an answer, in send order, each with how many there were: the readers who
    /// may have the message more than once (at most that many times more).
    package func possibleDuplicates(of issue: Int) throws(DigestError) -> [(delivery: Delivery, unanswered: Int)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT delivery.*, count(attempt.id) AS unanswered FROM delivery
                    JOIN attempt ON attempt.delivery_id = delivery.id AND attempt.outcome IS NULL
                    WHERE delivery.issue_id = ? AND delivery.revision = (SELECT revision FROM issue WHERE id = ?)
                        AND delivery.state = 'sent'
                    GROUP BY delivery.id ORDER BY delivery.position
                    """, arguments: [issue, issue]
            ).map { row in (StateStore.delivery(row), row["unanswered"] as Int) }
        }
    }

    /// Every attempt at `delivery`, oldest first.
    package func attempts(of delivery: Int64) throws(DigestError) -> [DeliveryAttempt] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attempt WHERE delivery_id = ? ORDER BY id", arguments: [delivery])
                .map(StateStore.attempt)
        }
    }

    /// Every attempt at the deliveries of issue `issue` (all revisions), oldest first, each with
    /// its delivery: the send log of the issue.
    package func attemptLog(of issue: Int) throws(DigestError) -> [(Delivery, DeliveryAttempt)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT attempt.id AS attempt_id, attempt.delivery_id, started_at, finished_at, transport, outcome,
                        answer, delivery.*
                    FROM attempt JOIN delivery ON delivery.id = attempt.delivery_id
                    WHERE delivery.issue_id = ? ORDER BY attempt.id
                    """, arguments: [issue]
            ).map { row in
                (
                    StateStore.delivery(row),
                    DeliveryAttempt(
                        id: row["attempt_id"], delivery: row["delivery_id"],
                        startedAt: Date(timeIntervalSince1970: row["started_at"]),
                        finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                        transport: row["transport"], outcome: (row["outcome"] as String?).flatMap(Delivery.State.init),
                        answer: row["answer"])
                )
            }
        }
    }

    /// The issue's counts by delivery state, for its current revision.
    package func counts(of issue: Int) throws(DigestError) -> [Delivery.State: Int] {
        try read { db in
            var counts: [Delivery.State: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT state, count(*) AS n FROM delivery
                    WHERE issue_id = ? AND revision = (SELECT revision FROM issue WHERE id = ?) GROUP BY state
                    """, arguments: [issue, issue])
            {
                if let state = Delivery.State(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// Sets the issue's status from its current deliveries: `sent` when every one is sent or
    /// suppressed, `sending` once any has moved on from `pending`, else `built`.
    ///
    /// Runs after every outcome, so it asks three `EXISTS` of the `delivery_state` index
    /// instead of counting the issue's deliveries: constant time however many readers.
    static func updateStatus(of issue: Int, _ db: Database) throws {
        guard
            let revision = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT revision FROM issue WHERE id = ?"), arguments: [issue])
        else { return }
        func exists(_ states: String) throws -> Bool {
            let statement = try db.cachedStatement(
                sql:
                    "SELECT EXISTS (SELECT 1 FROM delivery WHERE issue_id = ? AND revision = ? AND state IN (\(states)))"
            )
            return try Bool.fetchOne(statement, arguments: [issue, revision]) ?? false
        }
        let any = try exists("'pending', 'in-flight', 'failed', 'sent', 'suppressed'")
        let open = try exists("'pending', 'in-flight', 'failed'")
        let moved = try exists("'in-flight', 'failed', 'sent', 'suppressed'")
        let status = any && !open ? "sent" : moved ? "sending" : "built"
        try db.cachedStatement(sql: "UPDATE issue SET status = ? WHERE id = ?").execute(arguments: [status, issue])
    }

    static func delivery(_ row: Row) -> Delivery {
        Delivery(
            id: row["id"], issue: row["issue_id"], revision: row["revision"], recipient: row["recipient"],
            messageID: row["message_id"], file: row["file"], state: Delivery.State(rawValue: row["state"]) ?? .pending,
            lastAnswer: row["last_answer"])
    }

    static func attempt(_ row: Row) -> DeliveryAttempt {
        DeliveryAttempt(
            id: row["id"], delivery: row["delivery_id"], startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            transport: row["transport"], outcome: (row["outcome"] as String?).flatMap(Delivery.State.init),
            answer: row["answer"])
    }
}
