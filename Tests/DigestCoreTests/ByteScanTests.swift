import Foundation
import Testing

@testable import DigestCore

/// The byte scans under `digest check`: line ends found with `memchr`, quoted-printable decoded
/// run by run, a message file read into place, each against what the rules say.
struct ByteScanTests {
    @Test func linesEndAtEachLineFeedAndTheLastNeedsNone() {
        let bytes = Array("xx\r\na\r\nbb\n\nccc".utf8)
        var lines: [String] = []
        // A slice that does not start at 0, as a MIME part's body does.
        ByteLines.forEach(in: bytes[2...]) { start, end in
            lines.append(String(decoding: bytes[start..<end], as: UTF8.self))
        }
        #expect(lines == ["", "a", "bb", "", "ccc"])
        #expect(ByteLines.lineFeed(in: bytes[5...], from: 5) == 6)
        #expect(ByteLines.lineFeed(in: bytes[11...], from: 11) == nil)
        var none = 0
        ByteLines.forEach(in: [][...]) { _, _ in none += 1 }
        #expect(none == 0)
    }

    @Test func containsFindsANeedleInAnyCaseWhereverItStartsAsANaiveSearchDoes() {
        // Needles with a non-letter byte take the `memchr` path, `mailto` the letter loop.
        let needles: [StaticString] = ["<script", "https://", "mailto:", "mailto"]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("<sScCrRiIpPtT:hH/ maAlLoO".utf8)
        for _ in 0..<400 {
            let length = Int.random(in: 0..<40, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let folded = String(decoding: bytes, as: UTF8.self).lowercased()
            for needle in needles {
                let expected = folded.contains(needle.description)
                let found = bytes.withUnsafeBufferPointer { TextBytes.contains(needle, in: $0) }
                #expect(found == expected, "\(needle) in \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        let cases: [(String, Bool)] = [
            ("<SCRIPT>", true), ("x<<script", true), ("<scrip", false), ("<", false), ("", false),
            ("a<b<Script", true), ("script<", false),
        ]
        for (text, expected) in cases {
            #expect(TextBytes.withBytes(text) { TextBytes.contains("<script", in: $0) } == expected, "\(text)")
        }
        #expect(TextBytes.withBytes("see HTTPS://x") { TextBytes.contains("https://", in: $0) })
        #expect(TextBytes.withBytes("Mailto") { TextBytes.contains("mailto", in: $0) })
    }

    @Test func quotedPrintableDecodesEscapesAndSoftBreaksAndKeepsWhatIsMalformed() {
        let decoded = TransferDecoding.quotedPrintable(Array("a=3Db=\r\nc= \t\r\nd=\ne=ZZ=4".utf8))
        #expect(String(decoding: decoded, as: UTF8.self) == "a=bcde=ZZ=4")
        #expect(TransferDecoding.quotedPrintable(Array("end=".utf8)) == Array("end".utf8))
        // Every byte value, encoded as =XX, decodes back; and a slice decodes like its copy.
        let all = (0...255).map { UInt8($0) }
        let encoded = Array(all.map { String(format: "=%02X", $0) }.joined().utf8)
        #expect(TransferDecoding.quotedPrintable(encoded) == all)
        let padded = Array("xx".utf8) + encoded
        #expect(TransferDecoding.quotedPrintable(padded[2...]) == all)
    }

    @Test func longLinesAreCountedByLineAndTheFirstThreeNamed() {
        let long = String(repeating: "x", count: MessageCheck.lineLimit + 1)
        let body = ["ok", long, long + "x", "ok", long, long, long].joined(separator: "\r\n")
        let message = Array(("Subject: s\r\n\r\n" + body).utf8)
        let findings = MessageCheck.findings(in: message).filter { $0.rule == "long-line" }
        #expect(
            findings.map(\.message) == [
                "line 4 is 999 octets long; SMTP allows 998 (servers may break it)",
                "line 5 is 1000 octets long; SMTP allows 998 (servers may break it)",
                "line 7 is 999 octets long; SMTP allows 998 (servers may break it)",
                "and 2 more",
            ])
    }

    @Test func aMessageFileIsReadWholeAndAMissingOneIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("byte-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big.eml").path
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try MessageCheck.messageBytes(atPath: path) == bytes)
        let empty = folder.appendingPathComponent("empty.eml").path
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(try MessageCheck.messageBytes(atPath: empty) == [])
        #expect(throws: DigestError.unreadableMessage(path: path + "x", reason: "no such file or directory")) {
            try MessageCheck.messageBytes(atPath: path + "x")
        }
    }
}
