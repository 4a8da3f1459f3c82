/// How many terminal columns text takes: wide East Asian characters and emoji take two,
/// combining marks and zero-width characters none.
package enum DisplayWidth {
    /// The width of a whole string.
    package static func of(_ text: some StringProtocol) -> Int {
        // Printable ASCII, the common case, is one column a byte.
        var ascii = true
        for byte in text.utf8 where byte >= 0x7F || byte < 0x20 {
            ascii = false
            break
        }
        if ascii { return text.utf8.count }
        if let width = simpleWidth(utf8: text.utf8) { return width }
        var width = 0
        for character in text { width += of(character) }
        return width
    }

    /// The width of text whose every scalar is one column and its own character: printable
    /// ASCII, Latin letters and signs (U+00A0–U+02FF but the soft hyphen) and common
    /// punctuation (U+2010–U+2027, U+2030–U+205E: dashes, quotes, ellipsis), counted on the
    /// UTF-8 bytes; nil for anything else (marks that combine, wide or zero-width
    /// characters), which ``of(_:)-(StringProtocol)`` measures character by character.
    static func simpleWidth(utf8 bytes: some Sequence<UInt8>) -> Int? {
        var width = 0
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case 0x20..<0x7F:
                break
            case 0xC2:
                guard let next = iterator.next(), next >= 0xA0, next != 0xAD else { return nil }
            case 0xC3...0xCB:
                guard iterator.next() != nil else { return nil }
            case 0xE2:
                guard let second = iterator.next(), let third = iterator.next(), second == 0x80 || second == 0x81
                else { return nil }
                let scalar = (UInt32(second & 0x3F) << 6) | UInt32(third & 0x3F)  // below U+2000
                guard (0x10...0x27).contains(scalar) || (0x30...0x5E).contains(scalar) else { return nil }
            default:
                return nil
            }
            width += 1
        }
        return width
    }

    /// The width of one user-perceived character.
    package static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.isASCII { return first.value < 0x20 || first.value == 0x7F ? 0 : 1 }
        if scalars.contains(where: { $0.value == 0xFE0F }) || first.properties.isEmojiPresentation {
            return 2
        }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        return isWide(first.value) ? 2 : 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15, UAX #11), coarsely.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
            0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
