/// A mail address with an optional display name: `Ana Pérez <ana@example.org>`.
public struct Mailbox: Hashable, Sendable, CustomStringConvertible {
    /// The display name, if any.
    public let displayName: HeaderText?
    /// The address, `local@domain`, ASCII.
    public let address: String

    /// Creates a mailbox, checking the address.
    ///
    /// - Throws: ``DigestError/invalidAddress(_:reason:)`` when `address` is not `local@domain`.
    public init(displayName: String? = nil, address: String) throws(DigestError) {
        let address = address.trimmingWhitespace
        try Mailbox.check(address)
        self.address = address
        let name = displayName.map(HeaderText.init)
        self.displayName = (name?.value.isEmpty ?? true) ? nil : name
    }

    /// Parses `Name <local@domain>`, `"Name" <local@domain>` or `local@domain`.
    public init(parsing text: String) throws(DigestError) {
        let trimmed = text.trimmingWhitespace
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            var name = trimmed[..<open].trimmingWhitespace
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).replacingBackslashEscapes()
            }
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            try self.init(displayName: name.isEmpty ? nil : name, address: address)
        } else {
            try self.init(address: trimmed)
        }
    }

    /// The domain part, lower-cased.
    public var domain: String {
        String(address[address.index(after: address.lastIndex(of: "@")!)...]).lowercased()
    }

    /// `Name <address>` for people; not for headers (see ``MessageHeaders``).
    public var description: String {
        displayName.map { "\($0.value) <\(address)>" } ?? address
    }

    private static func check(_ address: String) throws(DigestError) {
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
            address.index(after: at) != address.endIndex
        else { throw .invalidAddress(address, reason: "it needs the form name@domain") }
        guard address.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalidAddress(address, reason: "it may hold only ASCII letters, digits and punctuation, no spaces")
        }
        guard !address.contains(where: { "<>()[]\\,;:\"".contains($0) }) else {
            throw .invalidAddress(address, reason: "it contains one of the characters < > ( ) [ ] \\ , ; : \"")
        }
        let domain = address[address.index(after: at)...]
        guard !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else {
            throw .invalidAddress(address, reason: "its domain is malformed")
        }
    }
}

extension String {
    fileprivate func replacingBackslashEscapes() -> String {
        var result = ""
        var escaped = false
        for character in self {
            if escaped || character != "\\" {
                result.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return result
    }
}
