/// A mail address with an optional display name: `Ana Pérez <ana@example.org>`.
package struct Mailbox: Hashable, Sendable, CustomStringConvertible {
    /// The display name, if any.
    package let displayName: HeaderText?
    /// The address, `local@domain`, ASCII.
    package let address: String

    /// Creates a mailbox, checking the address.
    ///
    /// - Throws: ``DigestError/invalidAddress(_:reason:)`` when `address` is not `local@domain`.
    package init(displayName: String? = nil, address: String) throws(DigestError) {
        let address = address.trimmingWhitespace
        try Mailbox.check(address)
        self.address = address
        let name = displayName.map(HeaderText.init)
        self.displayName = (name?.value.isEmpty ?? true) ? nil : name
    }

    /// Parses `Name <local@domain>`, `"Name" <local@domain>` or `local@domain`.
    package init(parsing text: String) throws(DigestError) {
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
    package var domain: String {
        String(address[address.index(after: address.lastIndex(of: "@")!)...]).lowercased()
    }

    /// `Name <address>` for people; not for headers (see ``MessageHeaders``).
    package var description: String {
        displayName.map { "\($0.value) <\(address)>" } ?? address
    }

    private static func check(_ address: String) throws(DigestError) {
        if let problem = AddressSpec.problem(in: address) { throw .invalidAddress(address, reason: problem) }
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
