/// The rules on raw octets that a relay would reject or mangle: line endings in the header
/// block, 8-bit bytes in a part declared `7bit`, control characters in a body.
extension MessageCheck {
    /// A bare CR anywhere in the header block, or, in a message whose first line ends in CRLF,
    /// a bare LF: a header line that a relay splits differently from us (the way a `Bcc:` is
    /// injected).
    ///
    /// A message written with LF line endings throughout (`--stdout`, what sendmail reads) is
    /// fine: its LFs are its line endings.
    static func headerLineEndings(_ bytes: [UInt8]) -> [CheckFinding] {
        var bareCR: [Int] = []
        var bareLF: [Int] = []
        bytes.withUnsafeBufferPointer { bytes in
            guard let firstLF = bytes.firstIndex(of: 10) else { return }
            let crlf = firstLF > 0 && bytes[firstLF - 1] == 13
            var line = 1
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
                    index += 1
                    continue
                }
                if byte == 13 {
                    bareCR.append(line)
                } else if byte == 10 {
                    if crlf, index == 0 || bytes[index - 1] != 13 { bareLF.append(line) }
                    line += 1
                    // The header block ends at its first empty line.
                    let next = index + 1
                    if next < bytes.count, bytes[next] == 10 { break }
                    if next + 1 < bytes.count, bytes[next] == 13, bytes[next + 1] == 10 { break }
                }
                index += 1
            }
        }
        var found: [CheckFinding] = []
        if !bareCR.isEmpty {
            found.append(
                .init(
                    .error, "header-line-ending",
                    "the header block has \(count(bareCR.count, "bare CR")) (\(lines(bareCR))); "
                        + "relays may split the header there"))
        }
        if !bareLF.isEmpty {
            found.append(
                .init(
                    .error, "header-line-ending",
                    "the header block has \(count(bareLF.count, "bare LF")) in a CRLF message (\(lines(bareLF))); "
                        + "relays split the header there, which can add header fields"))
        }
        return found
    }

    /// A part declared `7bit` (or declaring nothing) whose body has bytes of 0x80 or more.
    static func eightBitIn7Bit(_ part: MIMEEntity) -> [CheckFinding] {
        guard part.transferEncoding == "7bit" else { return [] }
        let eightBit =
            part.body.withContiguousStorageIfAvailable { $0.count { $0 >= 0x80 } }
            ?? part.body.count {
                $0 >= 0x80
            }
        guard eightBit > 0 else { return [] }
        return [
            .init(
                .error, "8bit-in-7bit",
                "the \(part.contentType.value) part is declared 7bit but has \(count(eightBit, "8-bit byte")); "
                    + "declare it 8bit or encode it as quoted-printable or base64")
        ]
    }

    /// NUL and the other C0 control characters but tab, LF and CR, and DEL, in a decoded
    /// text body.
    static func controlCharacters(_ body: [UInt8], in part: MIMEEntity) -> [CheckFinding] {
        // Tab, LF and CR are the only bytes under 32 a text may hold. The count is branch-free
        // (so the compiler can vectorize it); the first control is looked for only when there is one.
        let controls = body.withUnsafeBufferPointer { body in
            var controls = 0
            for byte in body {
                controls &+= isControl(byte) ? 1 : 0
            }
            return controls
        }
        guard controls > 0, let firstIndex = body.firstIndex(where: isControl) else { return [] }
        let first = (byte: body[firstIndex], line: 1 + body[..<firstIndex].count { $0 == 10 })
        let hex = String(first.byte, radix: 16, uppercase: true)
        let name = first.byte == 0 ? "NUL" : "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        return [
            .init(
                .error, "control-character",
                "the \(part.contentType.value) part has \(count(controls, "control character")) "
                    + "(\(controls == 1 ? "" : "the first, ")\(name), on line \(first.line) of the decoded body); mail text may hold no NUL and no control "
                    + "characters but tab and line endings")
        ]
    }

    /// A C0 control character but tab, LF and CR, or DEL.
    @inline(__always) private static func isControl(_ byte: UInt8) -> Bool {
        (byte < 32 && byte != 9 && byte != 10 && byte != 13) || byte == 127
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "one \(noun)" : "\(number) \(noun)s"
    }

    /// `line 3`, `lines 3, 5, 9`, `lines 3, 5, 9 and 4 more`.
    private static func lines(_ numbers: [Int]) -> String {
        let shown = numbers.prefix(3).map(String.init).joined(separator: ", ")
        let more = numbers.count > 3 ? " and \(numbers.count - 3) more" : ""
        return (numbers.count == 1 ? "line " : "lines ") + shown + more
    }
}
