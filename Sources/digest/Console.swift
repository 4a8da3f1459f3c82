import Foundation

/// Where the executable's words go: results on stdout, warnings and errors on stderr.
enum Console {
    /// `--quiet`: results are not printed; warnings and errors still are.
    nonisolated(unsafe) static var quiet = false

    static func say(_ line: String) {
        guard !quiet else { return }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// A result line on standard error (when standard output carries a message); not printed with `--quiet`.
    static func note(_ line: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func warning(_ item: any CustomStringConvertible) {
        FileHandle.standardError.write(Data(("warning: \(item)\n").utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func error(_ error: any Error) {
        Console.error("error: \(error)")
    }
}
