import DigestCore
import Testing

@testable import DigestSMTP

/// The parts of the protocol that need no server: replies, dot-stuffing, URLs, DKIM's
/// canonical forms.
struct SMTPWireFormatTests {
    @Test func multilineReplyWithEnhancedStatus() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.take(line: Array("250-mail.example.com".utf8)) == nil)
        #expect(try parser.take(line: Array("250-PIPELINING".utf8)) == nil)
        let reply = try #require(try parser.take(line: Array("250 SIZE 1000".utf8)))
        #expect(reply.code == 250)
        #expect(reply.extensions["SIZE"] == ["1000"])
        #expect(reply.extensions["PIPELINING"] == [])
        let rejected = try #require(try parser.take(line: Array("550 5.1.1 <x@example.com>: no such user".utf8)))
        #expect(rejected.enhancedStatus == "5.1.1")
        #expect(rejected.isBadMailbox)
        #expect(rejected.description == "550 5.1.1 <x@example.com>: no such user")
        let full = try #require(try parser.take(line: Array("452 4.2.2 mailbox full".utf8)))
        #expect(full.isTransient && !full.isBadMailbox)
        #expect(throws: SMTPReplyParser.Malformed.self) { try parser.take(line: Array("hello".utf8)) }
    }

    @Test func dotStuffingAndLineEnds() {
        let message = Array("A: b\r\n\r\n.one\r\n..two\r\n.\r\nbare\nlast".utf8)
        let wire = String(decoding: DotStuffing.encode(message), as: UTF8.self)
        #expect(wire == "A: b\r\n\r\n..one\r\n...two\r\n..\r\nbare\r\nlast\r\n.\r\n")
    }

    /// The one-pass wire form against the two-step definition (every line ending made CRLF,
    /// then a `.` before each line that starts with one, then the end), on every string of up
    /// to seven bytes over `.`, CR, LF and `a`, and on longer random ones.
    @Test func wireFormIsLineEndsThenDotStuffing() {
        func reference(_ message: [UInt8]) -> [UInt8] {
            let crlf = LineEnds.crlf(message)
            var output: [UInt8] = []
            var atLineStart = true
            for byte in crlf {
                if atLineStart, byte == UInt8(ascii: ".") { output.append(byte) }
                output.append(byte)
                atLineStart = byte == 10
            }
            if !output.isEmpty, output.last != 10 { output += [13, 10] }
            return output + [UInt8(ascii: "."), 13, 10]
        }
        let alphabet: [UInt8] = [UInt8(ascii: "."), 13, 10, UInt8(ascii: "a")]
        var cases: [[UInt8]] = [[]]
        var frontier: [[UInt8]] = [[]]
        for _ in 1...7 {
            frontier = frontier.flatMap { prefix in alphabet.map { prefix + [$0] } }
            cases += frontier
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            cases.append((0..<Int.random(in: 100...3000, using: &generator)).map { _ in alphabet.randomElement()! })
        }
        for message in cases {
            let text = String(decoding: message, as: UTF8.self)
            #expect(DotStuffing.encode(message) == reference(message), "\(text.debugDescription)")
        }
    }

    @Test(arguments: [
        ("", true), ("a\r\nb\r\n", true), ("\r\n", true), ("a\nb", false), ("a\rb\r\n", false),
        ("a\r", false), ("\n", false), ("a\r\r\n", false), ("a\r\n\r", false),
    ])
    func crlfIsRecognised(text: String, isCRLF: Bool) {
        #expect(LineEnds.isCRLF(Array(text.utf8)) == isCRLF, "\(text.debugDescription)")
    }

    @Test func eightBitIsFoundAnywhere() {
        #expect(!EightBit.occurs(in: Array("plain ASCII text, longer than eight bytes".utf8)))
        #expect(!EightBit.occurs(in: []))
        for position in 0..<19 {
            var bytes = [UInt8](repeating: 0x41, count: 19)
            bytes[position] = 0xC3
            #expect(EightBit.occurs(in: bytes), "at \(position)")
        }
    }

    @Test func serverURLs() throws {
        let submission = try SMTPServer(url: "smtp://news%40example.com@relay.example:2525")
        #expect(submission.host == "relay.example" && submission.port == 2525 && submission.security == .startTLS)
        #expect(submission.user == "news@example.com")
        let implicit = try SMTPServer(url: "smtps://relay.example")
        #expect(implicit.port == 465 && implicit.security == .implicitTLS && implicit.user == nil)
        #expect(throws: DigestError.self) { try SMTPServer(url: "smtp://user:secret@relay.example") }
        #expect(throws: DigestError.self) { try SMTPServer(url: "http://relay.example") }
        let plain = try SMTPServer(url: "smtp://127.0.0.1:2525?tls=none-on-loopback")
        #expect(plain.host == "127.0.0.1" && plain.port == 2525 && plain.security == .none)
        #expect(try SMTPServer(url: "smtp://[::1]:25/?tls=none-on-loopback").security == .none)
        #expect(try SMTPServer(url: "smtp://relay.example?tls=starttls").security == .startTLS)
        #expect(
            throws: DigestError.invalidListSetting(
                "smtp://192.0.2.1:25?tls=none-on-loopback",
                reason: "tls=none-on-loopback is only allowed to a loopback address")
        ) { try SMTPServer(url: "smtp://192.0.2.1:25?tls=none-on-loopback") }
        for refused in [
            "smtps://127.0.0.1?tls=none-on-loopback", "smtp://127.0.0.1?tls=implicit", "smtp://127.0.0.1?tls=off",
            "smtp://127.0.0.1?user=x",
        ] {
            #expect(throws: DigestError.self, "\(refused)") { try SMTPServer(url: refused) }
        }
        #expect(SMTPServer(host: "127.0.0.1", port: 25, security: .none).isLoopback)
        #expect(!SMTPServer(host: "192.0.2.1", port: 25, security: .none).isLoopback)
    }

    @Test func plainTextOnlyToLoopback() async throws {
        let transport = SMTPTransport(
            server: SMTPServer(host: "192.0.2.1", port: 25, security: .none), settings: .init(), bounce: nil,
            signer: nil)
        #expect(
            throws: DigestError.transportUnusable(
                transport: "smtp://192.0.2.1:25",
                reason: "will not talk to 192.0.2.1:25: plain text (no TLS) is only allowed to a loopback address")
        ) {
            try transport.prepare()
        }
    }

    /// The example of RFC 6376 §3.4.5.
    @Test func relaxedCanonicalForms() {
        #expect(DKIMCanonical.relaxedHeader(Array("A: X\r\n".utf8)) == Array("a:X\r\n".utf8))
        #expect(DKIMCanonical.relaxedHeader(Array("B : Y\t\r\n\tZ  \r\n".utf8)) == Array("b:Y Z\r\n".utf8))
        let body = Array(" C \r\nD \t E\r\n\r\n\r\n".utf8)
        #expect(DKIMCanonical.relaxedBody(body[...]) == Array(" C\r\nD E\r\n".utf8))
        #expect(DKIMCanonical.relaxedBody([][...]).isEmpty)
        let (fields, start) = DKIMCanonical.headerFields(of: Array("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\nbody".utf8))
        #expect(fields.map(\.name) == ["A", "B"])
        #expect(start == 22)
    }
}
