import Testing

@testable import DigestCore

struct ListingLinesTests {
    @Test func newlinesAreCountedAtEveryLengthAndOffset() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var bytes: [UInt8] = []
        for _ in 0..<9_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(state >> 60 == 0 ? 10 : UInt8(truncatingIfNeeded: state >> 32))
        }
        for offset in 0..<17 {
            for length in [0, 1, 15, 16, 17, 255 * 16, 255 * 16 + 1, 8_000] {
                let slice = Array(bytes[offset..<(offset + length)])
                let counted = slice.withUnsafeBufferPointer { ListingLines.countNewlines(in: $0) }
                #expect(counted == slice.filter { $0 == 10 }.count, "offset \(offset), length \(length)")
            }
        }
    }

    @Test func theFirstLineThatIsNotUTF8IsFoundAfterTheWholePartFailsItsCheck() {
        let part = Array("one\ntwo café\r\nthree\n".utf8) + [0x66, 0xFF, 0x0A] + Array("five\n".utf8)
        var seen: [Int] = []
        let bad = part.withUnsafeBufferPointer { buffer in
            ListingLines.forEach(in: buffer, firstNumber: 10) { _, number in
                seen.append(number)
                return true
            }
        }
        #expect(bad == 13)
        #expect(seen == [10, 11, 12])
        let good = Array("one\ntwo café\r\nthree".utf8)
        let none = good.withUnsafeBufferPointer { ListingLines.forEach(in: $0, firstNumber: 1) { _, _ in true } }
        #expect(none == nil)
    }
}
