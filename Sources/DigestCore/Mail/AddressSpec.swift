/// The RFC 5322 `addr-spec` rules an address must follow (section 3.4.1): exactly one `@`; a
/// local part that is a dot-atom (`jane.doe`, `news+weekly`) or a quoted string
/// (`"jane doe"`); a domain of labels (letters, digits and inner hyphens, RFC 1035) separated
/// by dots, or an address literal in brackets (`[192.0.2.1]`). ASCII only; at most 64 octets
/// before the `@` and 254 in all (RFC 5321).
enum AddressSpec {
    /// Why `address` is not an addr-spec, as the end of a sentence; nil when it is one.
    static func problem(in address: String) -> String? {
        let bytes = Array(address.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            return
                "it may hold only ASCII characters (an address with accents needs SMTPUTF8, which digest does not use)"
        }
        guard let at = separator(in: bytes) else {
            if bytes.first == UInt8(ascii: "\""), !closesQuote(bytes) { return "its quoted local part is not closed" }
            return bytes.contains(UInt8(ascii: "@"))
                ? "it has more than one “@” (only one may separate the local part from the domain)"
                : "it needs the form name@domain"
        }
        let local = Array(bytes[..<at])
        let domain = Array(bytes[(at + 1)...])
        if local.isEmpty { return "there is nothing before the “@”" }
        if domain.isEmpty { return "there is nothing after the “@”" }
        if domain.contains(UInt8(ascii: "@")) {
            return "it has more than one “@” (only one may separate the local part from the domain)"
        }
        if let problem = localProblem(local) { return problem }
        if let problem = domainProblem(domain) { return problem }
        if local.count > 64 { return "its local part is longer than 64 characters" }
        if bytes.count > 254 { return "it is longer than 254 characters" }
        return nil
    }

    /// The index of the `@` that ends the local part (the first one outside quotes), if any.
    private static func separator(in bytes: [UInt8]) -> Int? {
        if bytes.first == UInt8(ascii: "\"") {
            var index = 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""):
                    return index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "@") ? index + 1 : nil
                default: index += 1
                }
            }
            return nil
        }
        return bytes.firstIndex(of: UInt8(ascii: "@"))
    }

    private static func closesQuote(_ bytes: [UInt8]) -> Bool {
        var index = 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == UInt8(ascii: "\"") { return true }
            index += 1
        }
        return false
    }

    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    private static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    private static func localProblem(_ local: [UInt8]) -> String? {
        let text = String(decoding: local, as: UTF8.self)
        if local.first == UInt8(ascii: "\"") {
            // quoted-string: printable ASCII and spaces, `\` escaping any of them.
            var index = 1
            while index < local.count - 1 {
                let byte = local[index]
                if byte == UInt8(ascii: "\\") {
                    guard index + 1 < local.count - 1, local[index + 1] >= 0x20, local[index + 1] < 0x7F else {
                        return "its quoted local part \(text) has a “\\” that escapes nothing printable"
                    }
                    index += 2
                    continue
                }
                guard byte >= 0x20, byte < 0x7F else { return "its quoted local part \(text) has a control character" }
                index += 1
            }
            return nil
        }
        if let bad = local.first(where: { !isAtext($0) && $0 != UInt8(ascii: ".") }) {
            let character =
                bad == 0x20
                ? "a space" : bad < 0x20 || bad == 0x7F ? "a control character" : "“\(Character(Unicode.Scalar(bad)))”"
            return "its local part “\(text)” has \(character), which is allowed only inside quotes (\"…\"@domain)"
        }
        if local.first == UInt8(ascii: ".") || local.last == UInt8(ascii: ".") || text.contains("..") {
            return "its local part “\(text)” starts or ends with a dot, or has two dots in a row"
        }
        return nil
    }

    private static func domainProblem(_ domain: [UInt8]) -> String? {
        let text = String(decoding: domain, as: UTF8.self)
        if domain.first == UInt8(ascii: "[") {
            guard domain.last == UInt8(ascii: "]"), domain.count > 2,
                domain.dropFirst().dropLast().allSatisfy({ $0 > 0x20 && $0 < 0x7F && !"[]\\".utf8.contains($0) })
            else { return "its domain literal “\(text)” is malformed" }
            return nil
        }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        for label in labels {
            if label.isEmpty {
                return "its domain “\(text)” starts or ends with a dot, or has two dots in a row"
            }
            if let bad = label.first(where: { !isLetterDigitHyphen($0) }) {
                let character = bad == 0x20 ? "a space" : "“\(Character(Unicode.Scalar(bad)))”"
                return "its domain “\(text)” has \(character); a domain is labels of letters, digits and hyphens "
                    + "separated by dots"
            }
            if label.first == UInt8(ascii: "-") || label.last == UInt8(ascii: "-") {
                return "its domain “\(text)” has a label that starts or ends with a hyphen"
            }
            if label.count > 63 { return "its domain “\(text)” has a label longer than 63 characters" }
        }
        return nil
    }

    private static func isLetterDigitHyphen(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
