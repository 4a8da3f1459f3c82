import Foundation

/// A build's place in the state store, settled before any file is written: the window
/// (`--since last` starts where the last issue ended), the items earlier issues carried, the
/// issue number, and the draft it replaces. ``record(_:itemIDs:in:)`` then records what the
/// build wrote as the issue and its deliveries.
package struct IssuePlan: Sendable {
    /// The window to build.
    package let window: DateWindow
    /// The number the issue gets (or keeps), when the list numbers its issues.
    package let label: IssueNumber?
    /// The unsent draft this build replaces (`--since last` run again before a send).
    package let replacing: Int?
    /// Ids of items earlier issues carried: a `--since last` build never repeats them.
    package let carried: Set<String>
    /// Whether the build is a corrected revision of an issue some readers already got.
    package let revise: Bool

    /// Settles the plan, or stops before anything is written.
    ///
    /// - Parameters:
    ///   - store: the list's state store.
    ///   - window: the window of the command line (`--since`, `--until`); with `sinceLast`
    ///     only its last day is used.
    ///   - sinceLast: `--since last`: start on the last issue's last day, leave out what it carried.
    ///   - numbering: how the list numbers its issues.
    ///   - revise: `--revise`: allow replacing an issue some readers got, as a new revision.
    /// - Throws: ``DigestError/noIssueYet(state:wanted:)`` for `--since last` on an empty store;
    ///   ``DigestError/emptyWindow(since:until:)`` when the last issue ended after `--until`;
    ///   ``DigestError/issueAlreadySent(issue:sent:)`` when the window's issue reached readers
    ///   and `revise` is false.
    package init(
        store: StateStore, window: DateWindow, sinceLast: Bool, numbering: IssueNumbering, revise: Bool
    ) throws(DigestError) {
        var window = window
        var replacing: Int?
        var carried: Set<String> = []
        if sinceLast {
            let last = try store.sinceLast()
            guard last.since <= window.until else {
                throw .emptyWindow(since: "\(last.since)", until: "\(window.until)")
            }
            window = DateWindow(since: last.since, until: window.until, upcomingEventDays: window.upcomingEventDays)
            replacing = last.replacing
            carried = last.carried
        }
        try store.checkRebuild(of: window, replacing: replacing, revise: revise)
        self.window = window
        self.replacing = replacing
        self.carried = carried
        self.revise = revise
        self.label = try store.label(for: window, numbering: numbering, replacing: replacing)
    }

    /// Records the messages a build wrote as this plan's issue (new, rebuilt or revised).
    ///
    /// - Parameters:
    ///   - messages: one per recipient, in send order.
    ///   - itemIDs: the ids of every item the issue carries.
    /// - Returns: what was recorded, and the issue as stored now.
    @discardableResult
    package func record(_ messages: [BuiltMessage], itemIDs: [String], in store: StateStore) throws(DigestError)
        -> (StateStore.Recorded, StoredIssue)
    {
        try store.recordIssue(
            IssueDraft(
                window: window, label: label, itemIDs: itemIDs, messages: messages, revise: revise,
                replacing: replacing))
    }
}
