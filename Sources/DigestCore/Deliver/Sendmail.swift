import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A sendmail program (`/usr/sbin/sendmail -t -oi` by default): one process per message,
/// the message on its standard input with LF line endings, recipients taken from the headers.
public struct Sendmail: Sendable {
    /// The program and its arguments.
    public let command: [String]
    /// How long one message may take before the process is killed.
    public let timeout: Duration

    /// The conventional command.
    public static let defaultCommand = "/usr/sbin/sendmail -t -oi"

    /// Parses a command line: words split at spaces, single or double quotes group words.
    ///
    /// - Throws: ``DigestError/invalidSendmail(_:reason:)`` when it is empty or a quote is open.
    public init(commandLine: String = Sendmail.defaultCommand, timeout: Duration = .seconds(60)) throws(DigestError) {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        for character in commandLine {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        guard quote == nil else { throw .invalidSendmail(commandLine, reason: "a quote is not closed") }
        if inWord { words.append(word) }
        guard !words.isEmpty else { throw .invalidSendmail(commandLine, reason: "it is empty") }
        self.command = words
        self.timeout = timeout
    }

    /// Hands one message to the program and waits for it.
    ///
    /// - Parameter message: the message; CRLF line endings are turned into LF.
    /// - Returns: nil when the program accepted the message (exit status 0), else why not.
    public func send(_ message: [UInt8]) -> String? {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            return "\(command[0]) could not be started (\(Sendmail.reason(error)))"
        }
        let lf = Sendmail.withLF(message)
        let writer = DispatchQueue(label: "digest.sendmail.stdin")
        writer.async {
            try? input.fileHandleForWriting.write(contentsOf: lf)
            try? input.fileHandleForWriting.close()
        }
        let stderrText = LockedBox<Data>(Data())
        let reader = DispatchQueue(label: "digest.sendmail.stderr")
        reader.async { stderrText.value = errors.fileHandleForReading.readDataToEndOfFile() }

        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
            return "\(command[0]) did not finish within \(Int(seconds)) seconds and was stopped"
        }
        reader.sync {}
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let said =
                String(decoding: stderrText.value, as: UTF8.self)
                .split(whereSeparator: \.isNewline).first.map { ": \($0)" } ?? ""
            let how =
                process.terminationReason == .exit
                ? "exited with status \(process.terminationStatus)"
                : "was killed by signal \(process.terminationStatus)"
            return "\(command[0]) \(how)\(said)"
        }
        return nil
    }

    static func withLF(_ message: [UInt8]) -> Data {
        var output = Data(capacity: message.count)
        var index = 0
        while index < message.count {
            let byte = message[index]
            if byte == 13, index + 1 < message.count, message[index + 1] == 10 {
                index += 1
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileNoSuchFileError { return "no such file" }
        return nsError.localizedDescription
    }
}

/// A value shared with a background queue, guarded by a lock.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
