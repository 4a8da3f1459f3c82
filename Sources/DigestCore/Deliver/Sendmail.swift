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
    /// The program runs in its own process group; on timeout the whole group is killed, so
    /// nothing it started lingers.
    ///
    /// - Parameter message: the message; CRLF line endings are turned into LF.
    /// - Returns: nil when the program accepted the message (exit status 0), else why not.
    public func send(_ message: [UInt8]) -> String? {
        signal(SIGPIPE, SIG_IGN)
        var input: [Int32] = [0, 0]
        var errors: [Int32] = [0, 0]
        guard Sendmail.makePipe(&input) else { return "cannot create a pipe: \(Sendmail.errnoText())" }
        guard Sendmail.makePipe(&errors) else {
            close(input[0])
            close(input[1])
            return "cannot create a pipe: \(Sendmail.errnoText())"
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var pid: pid_t = 0
        let arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, arguments, environ)
        close(input[0])
        close(errors[1])
        guard spawned == 0 else {
            close(input[1])
            close(errors[0])
            return "\(command[0]) could not be started (\(String(cString: strerror(spawned)).lowercased()))"
        }

        // Feed stdin and drain stderr on their own threads, so neither can block the other.
        let lf = Sendmail.withLF(message)
        let writerFD = input[1]
        let stdinDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            lf.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let count = write(writerFD, buffer.baseAddress! + offset, buffer.count - offset)
                    if count < 0, errno == EINTR { continue }
                    if count <= 0 { break }
                    offset += count
                }
            }
            close(writerFD)
            stdinDone.signal()
        }
        let stderrText = LockedBox<[UInt8]>([])
        let readerFD = errors[0]
        DispatchQueue.global().async {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readerFD, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                if stderrText.value.count < 4096 { stderrText.value += buffer[0..<count] }
            }
            close(readerFD)
        }

        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0, errno != EINTR { return "\(command[0]) could not be waited for: \(Sendmail.errnoText())" }
            if ContinuousClock.now >= deadline {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                stdinDone.wait()
                return "\(command[0]) did not finish within \(timeout.components.seconds) seconds and was stopped"
            }
            usleep(2_000)
        }
        stdinDone.wait()
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            usleep(10_000)  // Give the reader a moment to collect the program's last words.
            let said =
                String(decoding: stderrText.value, as: UTF8.self)
                .split(whereSeparator: \.isNewline).first.map { ": \($0)" } ?? ""
            let how = exited ? "exited with status \(code)" : "was killed by signal \(status & 0x7f)"
            return "\(command[0]) \(how)\(said)"
        }
        return nil
    }

    /// A pipe whose ends are not inherited by other programs we start.
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno)).lowercased()
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
