import Foundation

/// A sendmail program (`/usr/sbin/sendmail -t -oi` by default): one process per message,
/// the message on its standard input with LF line endings, recipients taken from the headers.
package struct Sendmail: Sendable {
    /// The program and its arguments.
    package let command: [String]
    /// How long one message may take before the process is killed.
    package let timeout: Duration

    /// The conventional command.
    package static let defaultCommand = "/usr/sbin/sendmail -t -oi"

    /// Parses a command line: words split at spaces, single or double quotes group words.
    ///
    /// - Throws: ``DigestError/invalidSendmail(_:reason:)`` when it is empty or a quote is open.
    package init(commandLine: String = Sendmail.defaultCommand, timeout: Duration = .seconds(60)) throws(DigestError) {
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

    /// Hands one message to the program and waits for it, blocking the calling thread (call
    /// it off Swift concurrency's pool).
    ///
    /// The program runs in its own process group; on timeout the whole group is killed, so
    /// nothing it started lingers. Its standard input is fed, its standard error read, and
    /// its exit waited for, each on a thread of its own.
    ///
    /// - Parameter message: the message; CRLF line endings are turned into LF.
    /// - Returns: nil when the program accepted the message (exit status 0), else why not.
    package func send(_ message: [UInt8]) -> String? {
        System.ignoreBrokenPipes()
        let input: (read: System.File, write: System.File)
        let errors: (read: System.File, write: System.File)
        let pid: Int32
        do throws(System.Failure) {
            input = try System.pipe()
            do throws(System.Failure) {
                errors = try System.pipe()
            } catch {
                try? input.read.close()
                try? input.write.close()
                throw error
            }
        } catch {
            return "cannot create a pipe: \(error.reason)"
        }
        do {
            pid = try System.spawn(
                command, input: input.read, errors: errors.write, environment: ProcessInfo.processInfo.environment)
        } catch {
            for end in [input.read, input.write, errors.read, errors.write] { try? end.close() }
            return "\(command[0]) could not be started (\(error.reason))"
        }
        try? input.read.close()
        try? errors.write.close()

        let lf = Sendmail.withLF(message)
        let fed = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? input.write.write(lf)  // EPIPE when the program stops reading: its exit says why.
            try? input.write.close()
            fed.signal()
        }
        let said = LockedBox<[UInt8]>([])
        let drained = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while let count = try? buffer.withUnsafeMutableBytes({ (chunk) throws(System.Failure) in
                try errors.read.read(into: chunk)
            }), count > 0 {
                if said.value.count < 4096 { said.value += buffer[0..<count] }
            }
            try? errors.read.close()
            drained.signal()
        }
        let ending = LockedBox<Result<System.Exit, System.Failure>?>(nil)
        let ended = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            ending.value = Result { () throws(System.Failure) in try System.waitForExit(of: pid) }
            ended.signal()
        }

        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if ended.wait(timeout: .now() + seconds) == .timedOut {
            System.killGroup(pid)
            ended.wait()
            fed.wait()
            return "\(command[0]) did not finish within \(timeout.components.seconds) seconds and was stopped"
        }
        fed.wait()
        switch ending.value {
        case .success(.exited(0)):
            return nil
        case .failure(let failure):
            return "\(command[0]) could not be waited for: \(failure.reason)"
        case .success(let exit):
            // The program's last words; a daemon it started may hold stderr open, so not forever.
            _ = drained.wait(timeout: .now() + 1)
            let words =
                String(decoding: said.value, as: UTF8.self)
                .split(whereSeparator: \.isNewline).first.map { ": \($0)" } ?? ""
            switch exit {
            case .exited(let code): return "\(command[0]) exited with status \(code)\(words)"
            case .killed(let signal): return "\(command[0]) was killed by signal \(signal)\(words)"
            }
        case nil:
            preconditionFailure("the waiting thread signalled without a result")
        }
    }

    static func withLF(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count)
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
}
