/// Reads header fields back from a written message (ours or anyone's), unfolding them.
package enum HeaderReader {
    /// The unfolded value of the first header called `name` (case-insensitive), or nil.
    package static func value(of name: String, in message: [UInt8]) -> String? {
        fields(in: message).first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every header field, in order, values unfolded and trimmed.
    package static func fields(in message: [UInt8]) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        var index = 0
        while index < message.count {
            let end = message[index...].firstIndex(of: 10) ?? message.count
            var line = message[index..<end]
            if line.last == 13 { line = line.dropLast() }
            index = end + 1
            if line.isEmpty { break }
            if line.first == 32 || line.first == 9 {
                guard !fields.isEmpty else { continue }
                fields[fields.count - 1].value += " " + trimmed(line)
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            fields.append((String(decoding: line[..<colon], as: UTF8.self), trimmed(line[(colon + 1)...])))
        }
        return fields
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
