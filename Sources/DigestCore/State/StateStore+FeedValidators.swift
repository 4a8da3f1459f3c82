package import Foundation
import GRDB

extension StateStore {
    /// The answer kept for the feed at `url` (validators, and the document parsed from it or its
    /// body), or nil when nothing is kept.
    package func feedValidators(for url: String) throws(DigestError) -> KeptFeedAnswer? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM feed_validator WHERE url = ?", arguments: [url])
            else { return nil }
            let body: Data? = row["body"]
            let document: Data? = row["document"]
            let format: String? = row["document_format"]
            let used: Double? = row["used_at"]
            return KeptFeedAnswer(
                validators: FeedValidators(etag: row["etag"], lastModified: row["last_modified"]),
                body: body.map { [UInt8]($0) }, contentType: row["content_type"],
                document: document.map { KeptDocument(format: format ?? "", bytes: [UInt8]($0)) },
                usedAt: used.map(Date.init(timeIntervalSince1970:)))
        }
    }

    /// Keeps the validators of `url`'s latest answer, with the document parsed from it or its body
    /// and `Content-Type` (to reuse on a `304 Not Modified`), replacing what was kept before, as
    /// used at `time`.
    package func setFeedValidators(
        _ validators: FeedValidators, body: [UInt8]?, contentType: String? = nil, document: KeptDocument? = nil,
        for url: String, at time: Date = Date()
    ) throws(DigestError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO feed_validator
                        (url, etag, last_modified, body, content_type, document, document_format, updated_at, used_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                        body = excluded.body, content_type = excluded.content_type, document = excluded.document,
                        document_format = excluded.document_format, updated_at = excluded.updated_at,
                        used_at = excluded.used_at
                    """,
                arguments: [
                    url, validators.etag, validators.lastModified, body.map { Data($0) }, contentType,
                    document.map { Data($0.bytes) }, document?.format, time.timeIntervalSince1970,
                    time.timeIntervalSince1970,
                ])
        }
    }

    /// Records that a build used the answer kept for `url` at `time`.
    package func markFeedUsed(_ url: String, at time: Date = Date()) throws(DigestError) {
        try write { db in
            try db.execute(
                sql: "UPDATE feed_validator SET used_at = ? WHERE url = ?",
                arguments: [time.timeIntervalSince1970, url])
        }
    }

    /// Removes the answers no build used since `time` (feeds no longer read), and says how many.
    @discardableResult
    package func pruneFeedAnswers(unusedSince time: Date) throws(DigestError) -> Int {
        try write { db in
            try db.execute(
                sql: "DELETE FROM feed_validator WHERE COALESCE(used_at, updated_at) < ?",
                arguments: [time.timeIntervalSince1970])
            return db.changesCount
        }
    }
}
