import Foundation

/// The local Postfix that `Scripts/setup --test` installs: every recipient lands in the
/// Maildir of the local user `digestmail`; nothing is relayed.
public enum Postfix {
    /// The Maildir every test message lands in.
    public static let maildir = "/home/digestmail/Maildir"
    /// Debian's sendmail.
    public static let sendmail = "/usr/sbin/sendmail"

    /// Whether Postfix is installed and running.
    public static var isRunning: Bool {
        guard FileManager.default.isExecutableFile(atPath: sendmail),
            FileManager.default.isExecutableFile(atPath: "/usr/sbin/postfix"),
            FileManager.default.fileExists(atPath: maildir)
        else { return false }
        return (try? runProcess("/usr/sbin/postfix", ["status"]).status) == 0
    }

    /// Delivered messages whose Message-ID is `messageID`, waiting until there are at least
    /// `count` of them or `timeout` seconds have passed.
    public static func delivered(messageID: String, count: Int, timeout: Double = 20) throws -> [URL] {
        let deadline = Date().addingTimeInterval(timeout)
        var found: [URL] = []
        repeat {
            found = []
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
            if found.count >= count { return found }
            Thread.sleep(forTimeInterval: 0.2)
        } while Date() < deadline
        return found
    }
}
