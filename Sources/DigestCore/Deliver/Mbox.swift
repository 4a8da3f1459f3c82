/// Messages as one mbox file (mboxrd: a `From ` line before each message, and any body line
/// matching `>*From ` quoted with one more `>`), for reading in a mail client.
package enum Mbox {
    /// The mbox text of `messages`, LF line endings.
    package static func bytes(of messages: [MailMessage]) -> [UInt8] {
        var output: [UInt8] = []
        for message in messages {
            output += Array("From \(message.from.address) \(asctime(message.date))\n".utf8)
            var lines = message.bytes(lineEnding: .lf).split(separator: 10, omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            for line in lines {
                let quotes = line.prefix { $0 == UInt8(ascii: ">") }.count
                if line.dropFirst(quotes).starts(with: Array("From ".utf8)) { output.append(UInt8(ascii: ">")) }
                output += line
                output.append(10)
            }
            output.append(10)
        }
        return output
    }

    /// Writes the mbox atomically.
    package static func write(_ messages: [MailMessage], to path: String) throws(DigestError) {
        try AtomicFile.write(bytes(of: messages), to: path)
    }

    /// `Sat Apr 20 08:00:00 2019`, the date form of mbox `From ` lines.
    static func asctime(_ date: MailDate) -> String {
        let parts = date.description.split(separator: " ")  // Sat, 20 Apr 2019 08:00:00 +0000
        let day = String(parts[1].drop { $0 == "0" })
        let paddedDay = day.count == 1 ? " " + day : day
        return "\(parts[0].dropLast()) \(parts[2]) \(paddedDay) \(parts[4]) \(parts[3])"
    }
}
