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

    /// Progress lines not yet written, and when standard output was last written to.
    private static let progressLines = LockedBox<(bytes: [UInt8], written: UInt64)>(([], 0))

    /// A result line on standard output; not printed with `--quiet`.
    static func say(_ line: String) {
        say(lines: [line])
    }

    /// Result lines on standard output, written together (a `digest items` of a big listing
    /// prints tens of thousands); not printed with `--quiet`.
    static func say(lines: [String]) {
        guard !quiet, !lines.isEmpty else { return }
        flush()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines {
            bytes.append(contentsOf: line.utf8)
            bytes.append(10)
        }
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// A line of progress on standard output (`sent FILE` for each of 10,000 messages); not
    /// printed with `--quiet`. Lines that come within 50 ms of the last write wait for the
    /// next one, so a fast send does not pay a write (and a file's time stamp update) a
    /// message; anything else this enum prints, and the end of the process, writes them
    /// first, so their order with the other lines stays as it was.
    static func progress(_ line: String) {
        guard !quiet else { return }
        _ = flushAtExit
        progressLines.withLock { pending in
            pending.bytes.append(contentsOf: line.utf8)
            pending.bytes.append(10)
            let now = DispatchTime.now().uptimeNanoseconds
            if pending.bytes.count >= 1 << 16 || now &- pending.written >= 50_000_000 { write(&pending, at: now) }
        }
    }

    /// Writes the progress lines that wait.
    static func flush() {
        progressLines.withLock { pending in
            if !pending.bytes.isEmpty { write(&pending, at: DispatchTime.now().uptimeNanoseconds) }
        }
    }

    /// Registers ``flush()`` to run when the process exits, once, with the first progress line.
    private static let flushAtExit: Void = { atexit { Console.flush() } }()

    private static func write(_ pending: inout (bytes: [UInt8], written: UInt64), at now: UInt64) {
        FileHandle.standardOutput.write(Data(pending.bytes))
        pending.bytes.removeAll(keepingCapacity: true)
        pending.written = now
    }

    /// A result line on standard error (when standard output carries a message); not printed with `--quiet`.
    static func note(_ line: String) {
        guard !quiet else { return }
        flush()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `warning: <item>` on standard error, with or without `--quiet`.
    static func warning(_ item: any CustomStringConvertible) {
        flush()
        FileHandle.standardError.write(Data(("warning: \(item)\n").utf8))
    }

    /// A line on standard error, as it is.
    static func error(_ line: String) {
        flush()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `error: <error>` on standard error: a ``DigestError`` is one sentence.
    static func error(_ error: any Error) {
        Console.error("error: \(error)")
    }
}
