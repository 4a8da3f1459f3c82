import Foundation
import Testing

/// The local Postfix that `Scripts/setup --test` installs: every recipient lands in the
/// Maildir of the local user `digestmail`; nothing is relayed.
public enum Postfix {
    /// The Maildir every test message lands in.
    public static let maildir = "/home/digestmail/Maildir"
    /// Debian's sendmail.
    public static let sendmail = "/usr/sbin/sendmail"

    /// What is missing for the Postfix tests, or nil when Postfix is installed and running
    /// and its Maildir exists.
    public static func missing() async -> String? {
        let manager = FileManager.default
        guard manager.isExecutableFile(atPath: sendmail), manager.isExecutableFile(atPath: "/usr/sbin/postfix") else {
            return "Postfix (\(sendmail))"
        }
        for folder in ["new", "cur", "tmp"] {
            var isFolder: ObjCBool = false
            let path = maildir + "/" + folder
            guard manager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                return "The Maildir \(path)"
            }
        }
        guard (try? await runProcess("/usr/sbin/postfix", ["status"]).status) == 0 else { return "A running Postfix" }
        return nil
    }

    /// Fails the calling test, never skips it, when Postfix or its Maildir is missing.
    public static func require(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let missing = await missing()
        try #require(
            missing == nil, "\(missing ?? "") is missing: run Scripts/setup --test", sourceLocation: sourceLocation)
    }

    /// Delivered messages whose Message-ID is `messageID`, waiting until there are at least
    /// `count` of them or `timeout` seconds have passed. The queue is shared by every test
    /// running at once (one of them hands Postfix thousands of messages), so the wait is
    /// generous; each look reads only the files it has not read before, and between looks
    /// the task sleeps, holding no thread.
    public static func delivered(messageID: String, count: Int, timeout: Double = 180) async throws -> [URL] {
        let deadline = Date().addingTimeInterval(timeout)
        var read = Set<String>()
        var found: [URL] = []
        repeat {
            let skipping = read
            let look: Look = try await offThePool { Postfix.look(for: messageID, skipping: skipping) }
            read.formUnion(look.read)
            found += look.found
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(200))
        } while Date() < deadline
        return found
    }

    /// What one look at the Maildir found, and which files it read.
    private struct Look: Sendable {
        var found: [URL]
        var read: Set<String>
    }

    /// The delivered files not in `skipping` whose head holds `messageID`, and the names of
    /// all files read; reads the Maildir, so it blocks.
    private static func look(for messageID: String, skipping: Set<String>) -> Look {
        var found: [URL] = []
        var read = Set<String>()
        for folder in ["new", "cur"] {
            let url = URL(fileURLWithPath: maildir).appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] {
                let key = folder + "/" + name
                guard !skipping.contains(key) else { continue }
                let file = url.appendingPathComponent(name)
                guard let handle = FileHandle(forReadingAtPath: file.path) else { continue }
                let head = String(decoding: handle.readData(ofLength: 4096), as: UTF8.self)
                try? handle.close()
                read.insert(key)
                if head.contains(messageID) { found.append(file) }
            }
        }
        return Look(found: found, read: read)
    }
}
