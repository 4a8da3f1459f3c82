/// CRLF line endings: a bare LF or CR becomes CRLF.
enum LineEnds {
    /// `bytes` with every line ending CRLF (unchanged, not copied, when they all are).
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        if isCRLF(bytes) { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 40)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 {
                output += [13, 10]
                if index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
            } else if byte == 10 {
                output += [13, 10]
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    private static func isCRLF(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 {
                guard index + 1 < bytes.count, bytes[index + 1] == 10 else { return false }
                index += 2
                continue
            }
            if byte == 10 { return false }
            index += 1
        }
        return true
    }
}
