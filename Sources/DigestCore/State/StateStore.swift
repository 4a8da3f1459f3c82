package import Foundation
import GRDB

/// The list's memory, one SQLite database (`digest.sqlite` beside the messages by default):
/// the issues built, each reader's delivery of each issue with every attempt, the suppressed
/// addresses, and the feeds' validators. Message files are what was built; the store is what
/// happened.
///
/// The database is in WAL mode, so a build, a send and the unsubscribe endpoint can use it at
/// once, from separate processes; a writer waits up to ``busyTimeout`` for another. Every
/// method commits before it returns, with `synchronous = FULL`: once a method that records an
/// outcome or a suppression has returned, a crash or a power cut cannot lose it.
///
/// Open it with ``open(at:messages:)``. The methods are synchronous (they block the calling
/// thread for a disk write, a few milliseconds); from Swift concurrency call them off the
/// cooperative pool. A `StateStore` may be shared between threads.
package final class StateStore: Sendable {
    /// The default file name, inside the output folder.
    package static let fileName = "digest.sqlite"

    /// The name of the file in the output folder that says a state store holds its issues.
    static let markerName = ".digest-state"

    /// How long a write waits for another process's write to finish.
    package static let busyTimeout: TimeInterval = 30

    /// The database file's path.
    package let path: String

    let pool: DatabasePool

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Opens the store at `path`, creating and migrating it when needed.
    ///
    /// A new store imports what the folder `messages` holds from earlier versions of digest
    /// (`issues.json`, the `.json` record beside each message, the messages' Message-IDs and
    /// `sent.log`), so nothing sent before is sent again, and then leaves a marker
    /// (`.digest-state`) in `messages`. A missing store whose folder has that marker is an
    /// error, never a fresh start: the folder's issues were recorded in a store that is gone,
    /// and starting over would send them again.
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - messages: the output folder whose issues the store records; nil for a store that
    ///     records no issues of its own folder (a test, a tool that only reads suppressions).
    /// - Throws: ``DigestError/stateMissing(path:folder:)`` as above,
    ///   ``DigestError/stateUnreadable(path:reason:)`` when the file is not a digest state
    ///   database or is damaged, ``DigestError/unwritable(path:reason:)`` when it cannot be created.
    package static func open(at path: String, messages folder: String?) throws(DigestError) -> StateStore {
        let exists = FileManager.default.fileExists(atPath: path)
        let marker = folder.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + markerName }
        if !exists, let marker, FileManager.default.fileExists(atPath: marker) {
            throw .stateMissing(path: path, marker: marker)
        }
        if !exists {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                } catch {
                    throw .unwritable(
                        path: path, reason: "its folder cannot be created (\(error.localizedDescription))")
                }
            }
        }
        let store: StateStore
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            configuration.label = "digest state"
            let pool = try DatabasePool(path: path, configuration: configuration)
            // Set on the writer after the pool is open: GRDB turns WAL on with `synchronous =
            // NORMAL` after running `prepareDatabase`, which would leave commits unsynced (a
            // power cut could then lose a recorded attempt or outcome).
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            store = StateStore(path: path, pool: pool)
            try store.checkIntegrity()
            try StateSchema.migrator.migrate(pool)
        } catch let error as DigestError {
            throw error
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY
                || error.resultCode == .SQLITE_PERM
            {
                throw .unwritable(path: path, reason: StateStore.reason(error))
            }
            throw .stateUnreadable(path: path, reason: StateStore.reason(error))
        } catch {
            throw .stateUnreadable(path: path, reason: "\(error)")
        }
        if !exists, let folder, let marker {
            try LegacyImport(folder: folder).run(into: store)
            try AtomicFile.write(Array("digest state: \(path)\n".utf8), to: marker, durable: true)
        }
        return store
    }

    /// The state file of an output folder when `state:` does not move it: `<folder>/digest.sqlite`.
    package static func defaultPath(messages folder: String) -> String {
        (folder.hasSuffix("/") ? folder : folder + "/") + fileName
    }

    /// Stops at a file that SQLite cannot read as a database, or one digest did not make.
    private func checkIntegrity() throws {
        try pool.read { db in
            let check = try String.fetchOne(db, sql: "PRAGMA quick_check(1)") ?? "no answer"
            guard check == "ok" else {
                throw DigestError.stateUnreadable(path: path, reason: "SQLite finds it damaged (\(check))")
            }
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            guard tables.isEmpty || tables.contains("grdb_migrations") else {
                throw DigestError.stateUnreadable(
                    path: path,
                    reason:
                        "it is an SQLite database, but not one digest made (tables \(tables.joined(separator: ", ")))")
            }
        }
    }

    /// Runs `body` in a write transaction, turning SQLite's errors into ``DigestError``.
    func write<T>(_ body: (Database) throws -> T) throws(DigestError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw map(error)
        }
    }

    /// `PRAGMA synchronous` on the connection that commits: 2 (FULL) syncs the log at every commit.
    package var synchronousLevel: Int {
        get throws(DigestError) { try write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 } }
    }

    /// Runs `body` on a read snapshot, turning SQLite's errors into ``DigestError``.
    func read<T>(_ body: (Database) throws -> T) throws(DigestError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw map(error)
        }
    }

    private func map(_ error: any Error) -> DigestError {
        if let error = error as? DigestError { return error }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
                return .stateUnreadable(path: path, reason: StateStore.reason(error))
            }
            return .unwritable(path: path, reason: StateStore.reason(error))
        }
        return .unwritable(path: path, reason: "\(error)")
    }

    private static func reason(_ error: DatabaseError) -> String {
        (error.message ?? "SQLite error \(error.resultCode.rawValue)").trimmingCharacters(in: .punctuationCharacters)
    }
}
