import Testing

@testable import DigestCore

struct UTF8CheckTests {
    private func valid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(UTF8Check.isValid)
    }

    @Test(arguments: [
        "", "plain ASCII text that is longer than eight bytes", "café Łódź 東京 🎉", "\u{10FFFF}", "a\u{7FF}b\u{FFFF}",
    ])
    func validTextPasses(_ text: String) {
        #expect(valid(Array(text.utf8)))
    }

    @Test(
        arguments: [
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0x80], [0xC3], [0xE2, 0x82], Array("abcdefgh".utf8) + [0xFF], [0x63, 0x61, 0x66, 0xE9],
        ] as [[UInt8]])
    func invalidBytesAreRejected(_ bytes: [UInt8]) {
        #expect(!valid(bytes))
        #expect(String(validating: bytes, as: UTF8.self) == nil, "the standard library agrees")
    }

    @Test func agreesWithTheStandardLibraryOnRandomBytes() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 24) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let byte = UInt8(truncatingIfNeeded: state >> 56)
                bytes.append(state & 1 == 0 ? byte & 0x7F : byte)
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1
            #expect(valid(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test func longASCIIRunsAreSkippedWithoutMissingWhatFollowsThem() {
        let run = Array(String(repeating: "ascii text, ", count: 6).utf8)  // 72 bytes
        #expect(valid(run + Array("é".utf8) + run))
        for cut in [31, 32, 33, 40, 64, 71] {
            #expect(!valid(Array(run.prefix(cut)) + [0xFF] + run), "a bad byte after \(cut) ASCII bytes")
            #expect(!valid(Array(run.prefix(cut)) + [0xC3]), "a cut character after \(cut) ASCII bytes")
        }
    }
}
