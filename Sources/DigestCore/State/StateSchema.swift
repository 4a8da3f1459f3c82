import GRDB

/// The state database's tables, as migrations applied in order. A migration, once landed,
/// is never edited: a change of schema is a new migration appended here.
enum StateSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: issues, deliveries, attempts, suppressions, feed validators") { db in
            try db.execute(
                sql: """
                    CREATE TABLE issue (
                        id INTEGER PRIMARY KEY,
                        number INTEGER,
                        volume INTEGER,
                        since TEXT NOT NULL,
                        until TEXT NOT NULL,
                        built_at REAL NOT NULL,
                        item_ids TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('built', 'sending', 'sent')),
                        revision INTEGER NOT NULL DEFAULT 1
                    );
                    CREATE INDEX issue_window ON issue(since, until);
                    CREATE TABLE delivery (
                        id INTEGER PRIMARY KEY,
                        issue_id INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,
                        revision INTEGER NOT NULL,
                        position INTEGER NOT NULL,
                        recipient TEXT NOT NULL,
                        message_id TEXT NOT NULL,
                        file TEXT NOT NULL,
                        state TEXT NOT NULL
                            CHECK (state IN ('pending', 'in-flight', 'sent', 'failed', 'suppressed')),
                        last_answer TEXT,
                        UNIQUE (issue_id, revision, recipient)
                    );
                    CREATE INDEX delivery_message ON delivery(message_id);
                    CREATE TABLE attempt (
                        id INTEGER PRIMARY KEY,
                        delivery_id INTEGER NOT NULL REFERENCES delivery(id) ON DELETE CASCADE,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        transport TEXT NOT NULL,
                        outcome TEXT CHECK (outcome IN ('sent', 'failed')),
                        answer TEXT
                    );
                    CREATE INDEX attempt_delivery ON attempt(delivery_id);
                    CREATE TABLE suppression (
                        address TEXT PRIMARY KEY,
                        reason TEXT NOT NULL CHECK (reason IN ('unsubscribe', 'bounce', 'complaint', 'manual')),
                        since REAL NOT NULL
                    );
                    CREATE TABLE feed_validator (
                        url TEXT PRIMARY KEY,
                        etag TEXT,
                        last_modified TEXT,
                        body BLOB,
                        updated_at REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2: a feed's kept answer has its Content-Type") { db in
            try db.execute(sql: "ALTER TABLE feed_validator ADD COLUMN content_type TEXT")
        }
        migrator.registerMigration("v3: deliveries by issue, revision and state") { db in
            // What an issue's status needs after each outcome, found in the index, not by a scan.
            try db.execute(sql: "CREATE INDEX delivery_state ON delivery(issue_id, revision, state)")
        }
        migrator.registerMigration("v4: a feed's kept answer has its parsed document and its last use") { db in
            // A 304 uses the document instead of parsing the body again; entries unused for long are pruned.
            try db.execute(
                sql: """
                    ALTER TABLE feed_validator ADD COLUMN document BLOB;
                    ALTER TABLE feed_validator ADD COLUMN document_format TEXT;
                    ALTER TABLE feed_validator ADD COLUMN used_at REAL;
                    UPDATE feed_validator SET used_at = updated_at;
                    """)
        }
        return migrator
    }
}
