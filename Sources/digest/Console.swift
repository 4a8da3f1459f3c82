import DigestCore
import Foundation

/// Where the executable's words go: results on stdout, warnings and errors on stderr.
enum Console {
    /// Whether results are printed, behind a lock: `digest send` prints from the thread that
    /// sends, and preview from its rebuilds, while the command's own thread set it.
    private static let quietness = LockedBox(false)

    /// `--quiet`: results are not printed; warnings and errors still are. A command sets it
    /// once, before it prints anything.
    static var quiet: Bool {
        get { quietness.value }
        set { quietness.value = newValue }
    }

    /// A result line on standard output; not printed with `--quiet`.
    static func say(_ line: String) {
        say(lines: [line])
    }

    /// Result lines on standard output, written together (a `digest items` of a big listing
    /// prints tens of thousands); not printed with `--quiet`.
    static func say(lines: [String]) {
        guard !quiet, !lines.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines {
            bytes.append(contentsOf: line.utf8)
            bytes.append(10)
        }
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// A result line on standard error (when standard output carries a message); not printed with `--quiet`.
    static func note(_ line: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `warning: <item>` on standard error, with or without `--quiet`.
    static func warning(_ item: any CustomStringConvertible) {
        FileHandle.standardError.write(Data(("warning: \(item)\n").utf8))
    }

    /// A line on standard error, as it is.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `error: <error>` on standard error: a ``DigestError`` is one sentence.
    static func error(_ error: any Error) {
        Console.error("error: \(error)")
    }
}
