/// One server reply (RFC 5321 §4.2): a three-digit code and one or more lines of text,
/// with the enhanced status code of RFC 3463 (`5.1.1`) when the server gives one.
package struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    /// The reply code, 200…599.
    package let code: Int
    /// The enhanced status code (`class.subject.detail`), when the first line starts with one.
    package let enhancedStatus: String?
    /// The text of each line, without the code, the separator and the enhanced status.
    package let lines: [String]

    /// Creates a reply from its parts.
    package init(code: Int, lines: [String]) {
        self.code = code
        var status: String?
        var texts = lines
        if let first = lines.first, let found = SMTPReply.leadingStatus(first, code: code) {
            status = found
            texts = lines.map { line in
                guard line.hasPrefix(found) else { return line }
                return String(line.dropFirst(found.count).drop { $0 == " " })
            }
        }
        self.enhancedStatus = status
        self.lines = texts
    }

    /// 2xx: the command did what was asked.
    package var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: try again later.
    package var isTransient: Bool { (400..<500).contains(code) }
    /// 5xx: it will not work as it is.
    package var isPermanent: Bool { (500..<600).contains(code) }

    /// 5.1.x (bad destination mailbox address: no such user, bad syntax, no such domain…):
    /// the address should be suppressed.
    package var isBadMailbox: Bool {
        enhancedStatus?.hasPrefix("5.1.") ?? false
    }

    /// The reply as the server wrote it, lines joined by a space: `550 5.1.1 No such user`.
    package var description: String {
        let text = lines.joined(separator: " ")
        return [String(code), enhancedStatus, text.isEmpty ? nil : text].compactMap { $0 }.joined(separator: " ")
    }

    /// The keywords of an EHLO reply (every line after the first), upper-cased, with their
    /// parameters: `["PIPELINING": [], "SIZE": ["10240000"], "AUTH": ["PLAIN", "LOGIN"]]`.
    var extensions: [String: [String]] {
        var found: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let keyword = words.first else { continue }
            found[keyword.uppercased()] = Array(words.dropFirst())
        }
        return found
    }

    /// `2.1.0` at the start of `line` when its class matches the code's first digit.
    private static func leadingStatus(_ line: String, code: Int) -> String? {
        let word = line.prefix { $0 != " " }
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == String(code / 100),
            parts[1].count <= 3, parts[2].count <= 3,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return String(word)
    }
}
