import Foundation

/// The output folder: one `.eml` file per digest, each written atomically.
package struct DigestFolder: Sendable {
    /// The folder's path.
    package let path: String

    /// Creates a folder handle; nothing is created until a message is written.
    package init(path: String) {
        self.path = path
    }

    /// The file name for the digest of `window`: `digest-2019-03-20-to-2019-04-19.eml`.
    package static func fileName(for window: DateWindow) -> String {
        "digest-\(window.since)-to-\(window.until).eml"
    }

    /// The folder of personal digests for `window`: `2019-03-20-to-2019-04-19`.
    package static func personalFolderName(for window: DateWindow) -> String {
        "\(window.since)-to-\(window.until)"
    }

    /// A reader's file: their address, lower-cased, so files sort and are found by address.
    package static func fileName(for subscriber: Subscriber) -> String {
        subscriber.mailbox.address.lowercased().replacingOccurrences(of: "/", with: "_") + ".eml"
    }

    /// A folder inside this one.
    package func subfolder(_ name: String) -> DigestFolder {
        DigestFolder(path: path.hasSuffix("/") ? path + name : path + "/" + name)
    }

    /// Writes `message` (CRLF line endings unless told otherwise) and returns the file's path.
    @discardableResult
    package func write(_ message: MailMessage, named name: String, lineEnding: LineEnding = .crlf) throws(DigestError)
        -> String
    {
        let file = path.hasSuffix("/") ? path + name : path + "/" + name
        try AtomicFile.write(message.bytes(lineEnding: lineEnding), to: file)
        return file
    }

    /// Writes message bytes already made and returns the file's path.
    @discardableResult
    package func write(bytes: [UInt8], named name: String) throws(DigestError) -> String {
        let file = path.hasSuffix("/") ? path + name : path + "/" + name
        try AtomicFile.write(bytes, to: file)
        return file
    }

    /// The message files in the folder, sorted by name.
    package func messageFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }.sorted()
            .map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
    }
}
