/// What feedparser's loose parser and browsers forgive in a feed, mended before libxml2's
/// recovering parser reads it: whitespace before `<?xml`, HTML entities (`&nbsp;`), a bare `&`,
/// control characters. One pass over the bytes, linear in the size of the feed; CDATA sections
/// and comments are copied untouched.
enum XMLRepair {
    /// The repaired bytes, and what was mended (for the warning on the source).
    static func repaired(_ bytes: [UInt8]) -> (bytes: [UInt8], mended: [String]) {
        var input = bytes[...]
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var mended: Set<String> = []
        if input.starts(with: [0xEF, 0xBB, 0xBF]) {
            output += [0xEF, 0xBB, 0xBF]
            input = input.dropFirst(3)
        }
        let leading = input.prefix { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if !leading.isEmpty {
            input = input.dropFirst(leading.count)
            mended.insert("whitespace before the XML declaration")
            // Its line breaks go after the declaration (or first, when there is none), where
            // they are allowed, so every line keeps its number for messages and items.
            let breaks = leading.indices.filter { index in
                // LF, CR LF and a lone CR each end a line.
                if leading[index] == 0x0A { return true }
                guard leading[index] == 0x0D else { return false }
                return index + 1 == leading.endIndex || leading[index + 1] != 0x0A
            }.count
            if input.starts(with: Array("<?xml".utf8)),
                let close = input.prefix(512).indices.first(where: {
                    input[$0] == UInt8(ascii: "?") && $0 + 1 < input.endIndex && input[$0 + 1] == UInt8(ascii: ">")
                })
            {
                output += input[..<(close + 2)]
                input = input[(close + 2)...]
            }
            output += [UInt8](repeating: 0x0A, count: breaks)
        }
        var index = input.startIndex
        let end = input.endIndex
        while index < end {
            let byte = input[index]
            if byte == UInt8(ascii: "<") {
                if let close = verbatimEnd(input, at: index) {
                    output += input[index..<close]
                    index = close
                    continue
                }
                output.append(byte)
                index += 1
            } else if byte == UInt8(ascii: "&") {
                let (replacement, length, what) = entity(input, at: index)
                output += replacement
                if let what { mended.insert(what) }
                index += length
            } else if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                mended.insert("control characters")
                index += 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return (output, mended.sorted())
    }

    /// For `<![CDATA[` and `<!--` at `index`, where the section ends (past `]]>` or `-->`).
    private static func verbatimEnd(_ bytes: ArraySlice<UInt8>, at index: Int) -> Int? {
        let rest = bytes[index...]
        let (open, close): ([UInt8], [UInt8])
        if rest.starts(with: Array("<![CDATA[".utf8)) {
            (open, close) = (Array("<![CDATA[".utf8), Array("]]>".utf8))
        } else if rest.starts(with: Array("<!--".utf8)) {
            (open, close) = (Array("<!--".utf8), Array("-->".utf8))
        } else {
            return nil
        }
        var position = index + open.count
        while position + close.count <= bytes.endIndex {
            if bytes[position] == close[0], bytes[position..<position + close.count].elementsEqual(close) {
                return position + close.count
            }
            position += 1
        }
        return bytes.endIndex
    }

    /// What to write for the `&` at `index`: the reference as is (XML's own and numeric ones),
    /// an HTML entity as a numeric reference, or `&amp;` for a bare ampersand; and how many
    /// input bytes it stands for.
    private static func entity(_ bytes: ArraySlice<UInt8>, at index: Int) -> ([UInt8], Int, String?) {
        var position = index + 1
        let limit = min(bytes.endIndex, index + 40)
        while position < limit, isNameByte(bytes[position]) { position += 1 }
        guard position < limit, bytes[position] == UInt8(ascii: ";"), position > index + 1 else {
            return (Array("&amp;".utf8), 1, "a bare “&”")
        }
        let name = String(decoding: bytes[(index + 1)..<position], as: UTF8.self)
        let length = position + 1 - index
        if ["amp", "lt", "gt", "quot", "apos"].contains(name) {
            return (Array(bytes[index..<position + 1]), length, nil)
        }
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value =
                digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value) else {
                return (Array("&amp;".utf8), 1, "a bare “&”")
            }
            if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" {
                return ([], length, "control characters")
            }
            return (Array(bytes[index..<position + 1]), length, nil)
        }
        if let scalar = LibXML2.htmlEntity(named: name) {
            return (Array("&#\(scalar.value);".utf8), length, "HTML entities")
        }
        return (Array("&amp;".utf8), 1, "a bare “&”")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "#")
    }
}
