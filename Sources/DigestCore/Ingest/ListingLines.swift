/// The lines of a part of a listing held in memory, as the listing parser takes them.
///
/// Lines end at LF; a CR before the LF is dropped; the last line needs no LF. Each line is
/// checked to be UTF-8 and handed on as bytes, without building a `String`.
enum ListingLines {
    /// Calls `body` with each line of `bytes` (without its line ending) and its number, the
    /// first being `firstNumber`; stops at the first line that is not UTF-8 and returns its
    /// number (nil when every line is UTF-8) or when `body` returns false.
    ///
    /// The whole part is checked once first (an LF is never inside a character, so the part
    /// is UTF-8 when each of its lines is); the lines are checked one by one only when it is
    /// not, to find the first bad one.
    @discardableResult
    static func forEach(
        in bytes: UnsafeBufferPointer<UInt8>, firstNumber: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool
    ) -> Int? {
        let everyLineIsUTF8 = UTF8Check.isValid(bytes)
        var start = 0
        var number = firstNumber
        while start < bytes.count {
            let rest = UnsafeBufferPointer(rebasing: bytes[start...])
            let end = System.firstIndex(of: 10, in: rest).map { start + $0 } ?? bytes.count
            var line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if let last = line.last, last == 13 { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
            guard everyLineIsUTF8 || UTF8Check.isValid(line) else { return number }
            guard body(line, number) else { return nil }
            number += 1
            start = end + 1
        }
        return nil
    }

    /// How many LF bytes `bytes` holds, sixteen bytes at a time.
    static func countNewlines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let lineFeeds = SIMD16<UInt8>(repeating: 10)
        var count = 0
        var index = 0
        while index + 16 <= bytes.count {
            // Up to 255 rounds of sixteen lanes, each lane counting its LFs, then summed.
            var lanes = SIMD16<UInt8>()
            var rounds = 0
            while rounds < 255, index + 16 <= bytes.count {
                let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                lanes &+= SIMD16<UInt8>(repeating: 1).replacing(with: 0, where: chunk .!= lineFeeds)
                index += 16
                rounds += 1
            }
            count += Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while index < bytes.count {
            if base[index] == 10 { count += 1 }
            index += 1
        }
        return count
    }
}
