package import Foundation
import GRDB

extension StateStore {
    /// Suppresses `address` for good: no build or send of any later issue mails it. Suppressing
    /// an address already suppressed keeps its first reason and time. Durable when it returns.
    ///
    /// - Returns: true when the address was not suppressed before.
    @discardableResult
    package func suppress(_ address: String, reason: Suppression.Reason, at time: Date = Date()) throws(DigestError)
        -> Bool
    {
        try write { db in
            try db.execute(
                sql:
                    "INSERT INTO suppression (address, reason, since) VALUES (?, ?, ?) ON CONFLICT (address) DO NOTHING",
                arguments: [StateStore.key(address), reason.rawValue, time.timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    /// The suppression of `address` (matched regardless of case), or nil when it may get mail.
    package func suppression(of address: String) throws(DigestError) -> Suppression? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM suppression WHERE address = ?", arguments: [StateStore.key(address)]
            )
            .map(StateStore.suppression)
        }
    }

    /// Whether `address` is suppressed.
    package func isSuppressed(_ address: String) throws(DigestError) -> Bool {
        try suppression(of: address) != nil
    }

    /// The suppressed addresses among `addresses`, lower-cased: one query for a whole list.
    package func suppressed(among addresses: [String]) throws(DigestError) -> Set<String> {
        try read { db in
            let all = Set(try String.fetchAll(db, sql: "SELECT address FROM suppression"))
            return Set(addresses.map(StateStore.key).filter(all.contains))
        }
    }

    /// Lifts the suppression of `address`.
    ///
    /// - Returns: true when it was suppressed.
    @discardableResult
    package func unsuppress(_ address: String) throws(DigestError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM suppression WHERE address = ?", arguments: [StateStore.key(address)])
            return db.changesCount > 0
        }
    }

    /// Every suppression, by address.
    package func suppressions() throws(DigestError) -> [Suppression] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM suppression ORDER BY address").map(StateStore.suppression)
        }
    }

    /// The form an address is kept and compared in: trimmed and lower-cased.
    static func key(_ address: String) -> String {
        address.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func suppression(_ row: Row) -> Suppression {
        Suppression(
            address: row["address"], reason: Suppression.Reason(rawValue: row["reason"]) ?? .manual,
            since: Date(timeIntervalSince1970: row["since"]))
    }
}
