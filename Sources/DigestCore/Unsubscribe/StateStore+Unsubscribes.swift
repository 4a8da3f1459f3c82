import GRDB

extension StateStore {
    /// What a resubscribe came to.
    package enum Resubscribe: Sendable, Equatable {
        /// The reader's unsubscribe is lifted (or there was none): the next issue reaches them.
        case subscribed
        /// The address stays suppressed for another reason (a bounce, a complaint, the editor),
        /// which a reader's link does not lift.
        case keptSuppressed(Suppression.Reason)
    }

    /// Suppresses `address` because its reader unsubscribed; committed (`synchronous = FULL`)
    /// when this returns. Runs on a thread of its own: the store blocks for the disk write.
    package func recordUnsubscribe(_ address: String) async throws(DigestError) {
        try await onThreadOfItsOwn { () throws(DigestError) in
            _ = try self.suppress(address, reason: .unsubscribe)
        }
    }

    /// Lifts `address`'s suppression when its reader put it there (an unsubscribe), in one
    /// transaction; other suppressions stay. Runs on a thread of its own.
    package func recordResubscribe(_ address: String) async throws(DigestError) -> Resubscribe {
        try await onThreadOfItsOwn { () throws(DigestError) -> Resubscribe in
            try self.write { db in
                let key = StateStore.key(address)
                try db.execute(
                    sql: "DELETE FROM suppression WHERE address = ? AND reason = ?",
                    arguments: [key, Suppression.Reason.unsubscribe.rawValue])
                let kept = try String.fetchOne(
                    db, sql: "SELECT reason FROM suppression WHERE address = ?", arguments: [key])
                return kept.map { .keptSuppressed(Suppression.Reason(rawValue: $0) ?? .manual) } ?? .subscribed
            }
        }
    }

    /// Whether `address` is suppressed, read on a thread of its own.
    package func checkSuppressed(_ address: String) async throws(DigestError) -> Bool {
        try await onThreadOfItsOwn { () throws(DigestError) -> Bool in try self.isSuppressed(address) }
    }
}
