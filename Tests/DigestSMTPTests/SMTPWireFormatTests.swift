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
