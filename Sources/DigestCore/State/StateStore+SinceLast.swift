import GRDB

extension StateStore {
    /// Where `--since last` starts, and what it must not repeat.
    package struct SinceLast: Sendable, Equatable {
        /// The window's first day: the last issue's last day (included again, so items
        /// published late on that day are caught).
        package let since: Day
        /// The unsent issue the build replaces (a draft built before and never sent: building
        /// again rebuilds it rather than adding a second issue), if any.
        package let replacing: Int?
        /// The ids of the items the other issues carried: never selected again.
        package let carried: Set<String>
    }

    /// What `--since last` means now.
    ///
    /// The last issue is the latest one that has been sent, even in part. A later issue that
    /// was built and never attempted is a draft: the build replaces it (same number, new
    /// window and messages); when the draft is the only issue, the window starts where the
    /// draft's did.
    ///
    /// - Throws: ``DigestError/noIssueYet(state:wanted:)`` when the store has no issue.
    package func sinceLast() throws(DigestError) -> SinceLast {
        let issues = try issues()
        guard let latest = issues.last else { throw .noIssueYet(state: path, wanted: "no last issue to start from") }
        if try isDraft(latest.id) {
            let since = issues.dropLast().last?.window.until ?? latest.window.since
            return SinceLast(since: since, replacing: latest.id, carried: try carriedItemIDs(excluding: latest.id))
        }
        return SinceLast(since: latest.window.until, replacing: nil, carried: try carriedItemIDs())
    }

    /// Whether issue `id` is a draft: a first revision no delivery of which was attempted.
    package func isDraft(_ id: Int) throws(DigestError) -> Bool {
        try read { db in
            let attempted =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM attempt JOIN delivery ON delivery.id = attempt.delivery_id
                        WHERE delivery.issue_id = ?
                        """, arguments: [id]) ?? 0
            let revision = try Int.fetchOne(db, sql: "SELECT revision FROM issue WHERE id = ?", arguments: [id]) ?? 1
            return attempted == 0 && revision == 1
        }
    }

    /// Stops before a build writes any file when it would replace an issue some readers got.
    ///
    /// - Parameters:
    ///   - window: the window being built (its issue, if any, is the one rebuilt).
    ///   - replacing: the draft a `--since last` build replaces, if any.
    ///   - revise: whether `--revise` was given (then nothing stops).
    /// - Throws: ``DigestError/issueAlreadySent(issue:sent:)``.
    package func checkRebuild(of window: DateWindow, replacing: Int?, revise: Bool) throws(DigestError) {
        guard !revise else { return }
        try read { db in
            let id: Int?
            if let replacing {
                id = replacing
            } else {
                id = try Int.fetchOne(
                    db, sql: "SELECT id FROM issue WHERE since = ? AND until = ? ORDER BY id DESC LIMIT 1",
                    arguments: ["\(window.since)", "\(window.until)"])
            }
            guard let id else { return }
            let reached =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM delivery JOIN issue ON issue.id = delivery.issue_id
                        WHERE issue.id = ? AND delivery.revision = issue.revision AND delivery.state IN ('sent', 'in-flight')
                        """, arguments: [id]) ?? 0
            if reached > 0 { throw DigestError.issueAlreadySent(issue: id, sent: reached) }
        }
    }
}
