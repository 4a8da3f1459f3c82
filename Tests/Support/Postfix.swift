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
    /// `count` of them or `timeout` seconds have passed; between looks the task sleeps,
    /// holding no thread.
    public static func delivered(messageID: String, count: Int, timeout: Double = 20) async throws -> [URL] {
        let deadline = Date().addingTimeInterval(timeout)
        var found: [URL] = []
        repeat {
            found = try await offThePool { look(for: messageID) }
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(200))
        } while Date() < deadline
        return found
    }

    /// The delivered files whose head holds `messageID`; reads the Maildir, so it blocks.
    private static func look(for messageID: String) -> [URL] {
        var found: [URL] = []
        for folder in ["new", "cur"] {
            let url = URL(fileURLWithPath: maildir).appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] {
                let file = url.appendingPathComponent(name)
                guard let data = try? Data(contentsOf: file),
                    let head = String(data: data.prefix(4096), encoding: .utf8),
                    head.contains(messageID)
                else { continue }
                found.append(file)
            }
        }
        return found
    }
}
