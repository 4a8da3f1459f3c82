/// The lines of a part of a listing held in memory, as the listing parser takes them.
///
/// Lines end at LF; a CR before the LF is dropped; the last line needs no LF. Each line is
/// checked to be UTF-8 and handed on as bytes, without building a `String`.
enum ListingLines {
    /// Calls `body` with each line of `bytes` (without its line ending) and its number, the
    /// first being `firstNumber`; stops at the first line that is not UTF-8 and returns its
    /// number (nil when every line is UTF-8) or when `body` returns false.
    @discardableResult
    static func forEach(
        in bytes: UnsafeBufferPointer<UInt8>, firstNumber: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool
    ) -> Int? {
        var start = 0
        var number = firstNumber
        while start < bytes.count {
            let rest = UnsafeBufferPointer(rebasing: bytes[start...])
            let end = System.firstIndex(of: 10, in: rest).map { start + $0 } ?? bytes.count
            var line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if let last = line.last, last == 13 { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
            guard UTF8Check.isValid(line) else { return number }
            guard body(line, number) else { return nil }
            number += 1
            start = end + 1
        }
        return nil
    }

    /// How many LF bytes `bytes` holds, eight bytes at a time.
    static func countNewlines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var count = 0
        var index = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            // The high bit of each byte that is zero (an LF before the xor), and no other bit.
            let zeros = ~(((word & low7) &+ low7) | word | low7)
            count += zeros.nonzeroBitCount
            index += 8
        }
        while index < bytes.count {
            if base[index] == 10 { count += 1 }
            index += 1
        }
        return count
    }
}
