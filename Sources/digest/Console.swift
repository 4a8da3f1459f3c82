import Foundation

/// Where the executable's words go: results on stdout, warnings and errors on stderr.
enum Console {
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
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
