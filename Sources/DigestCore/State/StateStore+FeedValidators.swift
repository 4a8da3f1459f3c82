package import Foundation
import GRDB

extension StateStore {
    /// The validators kept for the feed at `url`, with the body and `Content-Type` of the answer
    /// they came with, or nil when nothing is kept.
    package func feedValidators(for url: String) throws(DigestError) -> KeptFeedAnswer? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM feed_validator WHERE url = ?", arguments: [url])
            else { return nil }
            let body: Data? = row["body"]
            return KeptFeedAnswer(
                validators: FeedValidators(etag: row["etag"], lastModified: row["last_modified"]),
                body: body.map { [UInt8]($0) }, contentType: row["content_type"])
        }
    }

    /// Keeps the validators of `url`'s latest answer (and its body and `Content-Type`, to reuse
    /// on a `304 Not Modified`), replacing what was kept before.
    package func setFeedValidators(
        _ validators: FeedValidators, body: [UInt8]?, contentType: String? = nil, for url: String,
        at time: Date = Date()
    ) throws(DigestError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO feed_validator (url, etag, last_modified, body, content_type, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                        body = excluded.body, content_type = excluded.content_type, updated_at = excluded.updated_at
                    """,
                arguments: [
                    url, validators.etag, validators.lastModified, body.map { Data($0) }, contentType,
                    time.timeIntervalSince1970,
                ])
        }
    }
}
