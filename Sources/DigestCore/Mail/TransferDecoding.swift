/// Content-Transfer-Encoding decoders (RFC 2045): quoted-printable and base64.
enum TransferDecoding {
    /// Decodes quoted-printable: `=XX` escapes and `=` soft line breaks; a malformed escape is kept as is.
    static func quotedPrintable(_ body: some Collection<UInt8>) -> [UInt8] {
        if let decoded = body.withContiguousStorageIfAvailable(quotedPrintable(bytes:)) { return decoded }
        return Array(body).withUnsafeBufferPointer(quotedPrintable(bytes:))
    }

    /// Decodes quoted-printable: the runs between `=` are copied whole (`memchr` finds each `=`).
    private static func quotedPrintable(bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { output, written in
            var count = 0
            var index = 0
            while index < bytes.count {
                let run = System.firstIndex(of: UInt8(ascii: "="), in: UnsafeBufferPointer(rebasing: bytes[index...]))
                let end = run.map { index + $0 } ?? bytes.count
                if end > index {
                    _ = UnsafeMutableBufferPointer(rebasing: output[count..<(count + end - index)])
                        .initialize(fromContentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    count += end - index
                }
                index = end
                guard index < bytes.count else { break }
                // A soft line break: `=`, optional trailing whitespace, then CRLF or LF.
                var next = index + 1
                while next < bytes.count, bytes[next] == 32 || bytes[next] == 9 { next += 1 }
                if next < bytes.count, bytes[next] == 13 || bytes[next] == 10 {
                    if bytes[next] == 13 { next += 1 }
                    if next < bytes.count, bytes[next] == 10 { next += 1 }
                    index = next
                    continue
                }
                if next == bytes.count {
                    index = next
                    continue
                }
                if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                {
                    output[count] = high << 4 | low
                    index += 3
                } else {
                    output[count] = bytes[index]
                    index += 1
                }
                count += 1
            }
            written = count
        }
    }

    /// Decodes base64, ignoring line breaks and any other character outside the alphabet.
    static func base64(_ body: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in body {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="): return output
            default: continue
            }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return output
    }

    /// The value of a hexadecimal digit (either case), or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
