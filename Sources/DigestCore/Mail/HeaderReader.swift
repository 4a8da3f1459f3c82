/// Reads header fields back from a written message (ours or anyone's), unfolding them.
///
/// Works on the bytes: a field's name is compared, and its value trimmed, byte by byte, and
/// only the value asked for becomes a String (`digest send` reads a Message-ID from every
/// message it hands over; trimming as Characters cost more than sending the message).
package enum HeaderReader {
    /// The unfolded value of the first header called `name` (case-insensitive), or nil.
    package static func value(of name: String, in message: [UInt8]) -> String? {
        let wanted = Array(name.utf8)
        var found: String?
        forEachField(in: message) { fieldName, lines in
            guard matches(fieldName, wanted) else { return true }
            found = unfolded(lines)
            return false
        }
        return found
    }

    /// Every header field, in order, values unfolded and trimmed.
    package static func fields(in message: [UInt8]) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        forEachField(in: message) { name, lines in
            fields.append((String(decoding: name, as: UTF8.self), unfolded(lines)))
            return true
        }
        return fields
    }

    /// Calls `body` with each field's name and its lines (the first line's part after the
    /// colon, then its continuation lines), until the blank line that ends the header or
    /// until `body` returns false. Lines without a colon are skipped.
    private static func forEachField(
        in message: [UInt8], _ body: (ArraySlice<UInt8>, [ArraySlice<UInt8>]) -> Bool
    ) {
        var name: ArraySlice<UInt8>?
        var lines: [ArraySlice<UInt8>] = []
        var index = 0
        while index < message.count {
            let end = message[index...].firstIndex(of: 10) ?? message.count
            var line = message[index..<end]
            if line.last == 13 { line = line.dropLast() }
            index = end + 1
            if line.isEmpty { break }
            if line.first == 32 || line.first == 9 {
                if name != nil { lines.append(line) }
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            if let previous = name, !body(previous, lines) { return }
            name = line[..<colon]
            lines = [line[(colon + 1)...]]
        }
        if let previous = name { _ = body(previous, lines) }
    }

    /// Whether a field's name is `wanted`, ASCII letters in any case.
    private static func matches(_ name: ArraySlice<UInt8>, _ wanted: [UInt8]) -> Bool {
        name.count == wanted.count && zip(name, wanted).allSatisfy { lowercase($0) == lowercase($1) }
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// The lines of a value, each trimmed of spaces and tabs, joined by one space.
    private static func unfolded(_ lines: [ArraySlice<UInt8>]) -> String {
        if lines.count == 1 { return String(decoding: trimmed(lines[0]), as: UTF8.self) }
        var bytes: [UInt8] = []
        for (position, line) in lines.enumerated() {
            if position > 0 { bytes.append(32) }
            bytes.append(contentsOf: trimmed(line))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: (UInt8) -> Bool = { $0 == 32 || $0 == 9 }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) })
        else { return [] }
        return bytes[first...last]
    }
}
