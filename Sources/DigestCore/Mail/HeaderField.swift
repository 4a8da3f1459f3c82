/// One header field, already folded into physical lines of at most 78 characters where the
/// content allows (an unbreakable token longer than that keeps its own line, under 998).
package struct HeaderField: Hashable, Sendable {
    /// The field name, e.g. `Subject`.
    package let name: String
    /// The physical lines; every line after the first starts with a space.
    package let lines: [String]

    /// Folding width (RFC 5322 section 2.1.1 recommends 78).
    static let width = 78

    /// A field whose value we produce ourselves and know to be ASCII without line breaks
    /// (Date, Message-ID, MIME-Version, Content-Type…), folded at spaces.
    static func structured(_ name: String, _ value: String) -> HeaderField {
        precondition(value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "structured header values are printable ASCII")
        // A value without spaces is one token on one line, however long.
        guard value.utf8.contains(UInt8(ascii: " ")) else {
            return HeaderField(name: name, lines: [name + ": " + value])
        }
        // ASCII: the tokens are found among the bytes, without Character boundaries.
        let tokens = value.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) }
        return HeaderField(name: name, tokens: tokens)
    }

    /// Free text such as Subject: kept readable when ASCII, RFC 2047 encoded otherwise.
    static func unstructured(_ name: String, _ text: HeaderText) -> HeaderField {
        let words = text.value.split(separator: " ").map(String.init)
        let needsEncoding =
            !text.isASCII || text.value.contains("=?") || words.contains { $0.count > width - name.count - 2 }
        guard needsEncoding else { return HeaderField(name: name, tokens: words) }
        return HeaderField(name: name, tokens: EncodedWord.encode(text.value, firstBudget: width - name.count - 2))
    }

    /// A list of mailboxes (From, To, Cc), display names quoted or encoded as needed.
    static func mailboxes(_ name: String, _ mailboxes: [Mailbox]) -> HeaderField {
        var tokens: [String] = []
        for (index, mailbox) in mailboxes.enumerated() {
            var mailboxTokens = mailbox.displayName.map { phrase($0, firstBudget: width - name.count - 2) } ?? []
            mailboxTokens.append(mailbox.displayName == nil ? mailbox.address : "<\(mailbox.address)>")
            if index < mailboxes.count - 1 { mailboxTokens[mailboxTokens.count - 1] += "," }
            tokens += mailboxTokens
        }
        return HeaderField(name: name, tokens: tokens)
    }

    /// `List-Id: Name <id>` (RFC 2919); the name is a phrase, quoted or encoded as needed.
    static func listID(name: HeaderText?, id: String) -> HeaderField {
        let phraseTokens = name.map { phrase($0, firstBudget: width - "List-Id: ".count) } ?? []
        return HeaderField(name: "List-Id", tokens: phraseTokens + ["<\(id)>"])
    }

    /// A comma-separated list of `<URL>`s (RFC 2369), folded between URLs.
    static func angleList(_ name: String, _ urls: [String]) -> HeaderField {
        let tokens = urls.enumerated().map { index, url in "<\(url)>" + (index < urls.count - 1 ? "," : "") }
        return HeaderField(name: name, tokens: tokens)
    }

    /// A display name as RFC 5322 phrase tokens: atoms, one quoted-string, or encoded-words.
    static func phrase(_ text: HeaderText, firstBudget: Int = 75) -> [String] {
        let value = text.value
        if !text.isASCII || value.contains("=?") {
            return EncodedWord.encode(value, firstBudget: firstBudget)
        }
        if value.allSatisfy(Self.phraseAtext.contains) {
            return value.split(separator: " ").map(String.init)
        }
        var quoted = "\""
        for character in value {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        quoted.append("\"")
        if quoted.count > 998 - 20 { return EncodedWord.encode(value, firstBudget: firstBudget) }
        return [quoted]
    }

    /// What a phrase may hold without quoting: RFC 5322 atext and spaces between atoms.
    private static let phraseAtext = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")

    private init(name: String, lines: [String]) {
        self.name = name
        self.lines = lines
    }

    /// Joins tokens with single spaces, folding before a token that would pass the width.
    private init(name: String, tokens: [String]) {
        self.name = name
        var lines: [String] = []
        var line = name + ":"
        var hasToken = false
        for token in tokens {
            if hasToken, line.utf8.count + 1 + token.utf8.count > HeaderField.width {
                lines.append(line)
                line = " " + token
            } else {
                line += " " + token
            }
            hasToken = true
        }
        lines.append(line)
        self.lines = lines
    }
}
