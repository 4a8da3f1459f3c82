import Foundation
import GRDB

extension StateStore {
    /// What ``recordIssue(_:)`` did with a draft.
    package enum Recorded: Sendable, Equatable {
        /// A new issue, with this store number.
        case new(Int)
        /// An issue no one had been sent yet was built again: its messages are replaced.
        case rebuilt(Int)
        /// An issue already sent (even in part) was revised: a new revision, sent to every reader again.
        case revised(Int, revision: Int)
    }

    /// Records what a build made: a new issue, or a new build of the issue with the same window
    /// (or of the unsent issue `draft.replacing`).
    ///
    /// Rebuilding an issue no reader has been sent (no delivery `sent` or `in-flight`) replaces
    /// its messages. Rebuilding one that some reader got stops with
    /// ``DigestError/issueAlreadySent(issue:sent:)``, unless `draft.revise`: then the messages
    /// become a new revision, which `digest send` sends to each of its readers once.
    ///
    /// - Returns: what was recorded, and the issue as stored now.
    @discardableResult
    package func recordIssue(_ draft: IssueDraft) throws(DigestError) -> (Recorded, StoredIssue) {
        try write { db in
            let existing: Row?
            if let replacing = draft.replacing {
                existing = try Row.fetchOne(db, sql: "SELECT * FROM issue WHERE id = ?", arguments: [replacing])
            } else {
                existing = try Row.fetchOne(
                    db, sql: "SELECT * FROM issue WHERE since = ? AND until = ? ORDER BY id DESC LIMIT 1",
                    arguments: ["\(draft.window.since)", "\(draft.window.until)"])
            }
            let items = String(decoding: try JSONEncoder().encode(draft.itemIDs), as: UTF8.self)
            let recorded: Recorded
            let id: Int
            var revision = 1
            if let existing {
                id = existing["id"]
                revision = existing["revision"]
                let reached =
                    try Int.fetchOne(
                        db,
                        sql: """
                            SELECT count(*) FROM delivery
                            WHERE issue_id = ? AND revision = ? AND state IN ('sent', 'in-flight')
                            """, arguments: [id, revision]) ?? 0
                let attempted =
                    try Int.fetchOne(
                        db,
                        sql: """
                            SELECT count(*) FROM attempt JOIN delivery ON delivery.id = attempt.delivery_id
                            WHERE delivery.issue_id = ? AND delivery.revision = ?
                            """, arguments: [id, revision]) ?? 0
                if reached > 0 && !draft.revise {
                    throw DigestError.issueAlreadySent(issue: id, sent: reached)
                }
                if attempted > 0 {
                    // Keep the old revision's deliveries and attempts: they are the log of what happened.
                    revision += 1
                    recorded = reached > 0 ? .revised(id, revision: revision) : .rebuilt(id)
                } else {
                    try db.execute(
                        sql: "DELETE FROM delivery WHERE issue_id = ? AND revision = ?", arguments: [id, revision])
                    recorded = .rebuilt(id)
                }
                try db.execute(
                    sql: """
                        UPDATE issue SET number = ?, volume = ?, since = ?, until = ?, built_at = ?, item_ids = ?,
                            status = 'built', revision = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        draft.label?.number, draft.label?.volume, "\(draft.window.since)", "\(draft.window.until)",
                        draft.builtAt.timeIntervalSince1970, items, revision, id,
                    ])
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO issue (number, volume, since, until, built_at, item_ids, status, revision)
                        VALUES (?, ?, ?, ?, ?, ?, 'built', 1)
                        """,
                    arguments: [
                        draft.label?.number, draft.label?.volume, "\(draft.window.since)", "\(draft.window.until)",
                        draft.builtAt.timeIntervalSince1970, items,
                    ])
                id = Int(db.lastInsertedRowID)
                recorded = .new(id)
            }
            // One statement compiled once for every reader (compiling it per row took 40 µs a
            // reader: 0.4 s of a 10,000-reader build).
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO delivery (issue_id, revision, position, recipient, message_id, file, state)
                    VALUES (?, ?, ?, ?, ?, ?, 'pending')
                    ON CONFLICT (issue_id, revision, recipient) DO UPDATE SET
                        position = excluded.position, message_id = excluded.message_id, file = excluded.file
                    """)
            for (position, message) in draft.messages.enumerated() {
                try insert.execute(arguments: [
                    id, revision, position, message.recipient, message.messageID, message.file,
                ])
            }
            let issue = try Row.fetchOne(db, sql: "SELECT * FROM issue WHERE id = ?", arguments: [id])!
            return (recorded, StateStore.issue(issue))
        }
    }

    /// Every issue, oldest first.
    package func issues() throws(DigestError) -> [StoredIssue] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM issue ORDER BY id").map(StateStore.issue) }
    }

    /// The issue with store number `id`, if there is one.
    package func issue(_ id: Int) throws(DigestError) -> StoredIssue? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM issue WHERE id = ?", arguments: [id]).map(StateStore.issue)
        }
    }

    /// The issue built last, if any.
    package func latestIssue() throws(DigestError) -> StoredIssue? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM issue ORDER BY id DESC LIMIT 1").map(StateStore.issue)
        }
    }

    /// The ids of every item the issues carried, except those of issue `excluded` (the one
    /// being rebuilt): what `--since last` must not repeat.
    package func carriedItemIDs(excluding excluded: Int? = nil) throws(DigestError) -> Set<String> {
        try read { db in
            var ids: Set<String> = []
            for row in try Row.fetchAll(db, sql: "SELECT id, item_ids FROM issue") {
                guard row["id"] as Int != excluded else { continue }
                let json: String = row["item_ids"]
                ids.formUnion((try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? [])
            }
            return ids
        }
    }

    /// The issue numbers of `window` for a list numbered `numbering`: the one its issue has,
    /// else the next one (a counter over all issues, or within the volume of the window's last
    /// day). Nothing is written.
    ///
    /// - Returns: nil when `numbering` is ``IssueNumbering/none``.
    package func label(for window: DateWindow, numbering: IssueNumbering, replacing: Int? = nil) throws(DigestError)
        -> IssueNumber?
    {
        guard numbering != .none else { return nil }
        return try read { db in
            let known: Row?
            if let replacing {
                known = try Row.fetchOne(db, sql: "SELECT * FROM issue WHERE id = ?", arguments: [replacing])
            } else {
                known = try Row.fetchOne(
                    db, sql: "SELECT * FROM issue WHERE since = ? AND until = ?",
                    arguments: ["\(window.since)", "\(window.until)"])
            }
            if let known, let number = known["number"] as Int? {
                let volume = known["volume"] as Int? ?? window.until.year
                return IssueNumber(number: number, volume: numbering == .volume ? volume : nil)
            }
            let volume = window.until.year
            let last: Int?
            switch numbering {
            case .volume:
                last = try Int.fetchOne(
                    db,
                    sql:
                        "SELECT max(number) FROM issue WHERE coalesce(volume, CAST(substr(until, 1, 4) AS INTEGER)) = ?",
                    arguments: [volume])
            default: last = try Int.fetchOne(db, sql: "SELECT max(number) FROM issue")
            }
            return IssueNumber(number: (last ?? 0) + 1, volume: numbering == .volume ? volume : nil)
        }
    }

    static func issue(_ row: Row) -> StoredIssue {
        let number: Int? = row["number"]
        let json: String = row["item_ids"]
        let since = Day(iso: row["since"] as String) ?? Day(daysSinceEpoch: 0)
        let until = Day(iso: row["until"] as String) ?? since
        return StoredIssue(
            id: row["id"], label: number.map { IssueNumber(number: $0, volume: row["volume"]) },
            window: DateWindow(since: since, until: until),
            builtAt: Date(timeIntervalSince1970: row["built_at"]),
            itemIDs: (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? [],
            status: IssueStatus(rawValue: row["status"]) ?? .built, revision: row["revision"])
    }
}
