import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestServe

#if canImport(Glibc)
    import Glibc
#endif

/// Requests nobody friendly sends: each is answered (or the connection closed) without a
/// crash, a leak into the page or the log, or a suppression.
struct HostileRequestTests {
    @Test func aHundredKilobyteQueryIsRefused() async throws {
        try await ServerHarness.with { server in
            let target = "/unsubscribe?email=a%40b.org&token=" + String(repeating: "A", count: 100_000)
            let answer = try await server.oneClick(target)
            #expect([400, 414, 431].contains(answer.status), "status \(answer.status)")
            #expect(try await server.get("/healthz").status == 200)
            #expect(try await server.suppressionCount() == 0)
        }
    }

    @Test(arguments: [
        "/unsubscribe?email=ana%FF%FE%40example.org&token=x",  // invalid UTF-8
        "/unsubscribe?email=ana%00%40example.org&token=x",  // NUL
        "/unsubscribe?email=ana%40example.org%0D%0ABcc:%20eve%40evil.example&token=x",  // header injection
        "/unsubscribe?email=ana%40example.org&email=bob%40example.org&token=x",  // two addresses
        "/unsubscribe?email=%ZZ&token=x",  // a broken escape
    ])
    func malformedAddressesAre403(_ target: String) async throws {
        try await ServerHarness.with { server in
            let post = try await server.oneClick(target)
            #expect(post.status == 403)
            #expect(!post.body.contains("evil"))
            let get = try await server.get(target)
            #expect(get.status == 403)
            #expect(try await server.suppressionCount() == 0)
            #expect(server.log.lines.allSatisfy { !$0.contains("evil") && !$0.contains("\r") && !$0.contains("\n") })
        }
    }

    @Test func theTokenOfAnAddressWithALineBreakStillCannotInjectAHeader() async throws {
        try await ServerHarness.with { server in
            // Even a correct token for such an "address" is refused: control characters never pass.
            let address = "ana@example.org\r\nBcc: eve@evil.example"
            let token = server.tokens.token(for: address)
            let target = "/unsubscribe?email=ana%40example.org%0D%0ABcc%3A%20eve%40evil.example&token=\(token)"
            let answer = try await server.oneClick(target)
            #expect(answer.status == 403)
            #expect(answer.headers["bcc"] == nil)
            #expect(try await server.suppressionCount() == 0)
        }
    }

    @Test(arguments: [
        "/../../../../etc/passwd", "/unsubscribe/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd", "//etc/passwd", "/unsubscribe%00.html",
    ])
    func pathTraversalFindsNothing(_ target: String) async throws {
        try await ServerHarness.with { server in
            let answer = try await server.get(target)
            #expect([400, 404].contains(answer.status), "status \(answer.status)")
            #expect(!answer.body.contains("root:"))
        }
    }

    @Test func anInvalidRequestLineIs400() async throws {
        try await ServerHarness.with { server in
            let answer = try await RawHTTP.send(Array("GET /unsub\u{1}scribe HTTP/1.1\r\n\r\n".utf8), port: server.port)
            #expect([0, 400].contains(answer.status))
            let bytes: [UInt8] =
                Array("GET /unsubscribe?email=".utf8) + [0xFF, 0xC0, 0x80] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
            let invalid = try await RawHTTP.send(bytes, port: server.port)
            #expect([0, 400, 403].contains(invalid.status))
            #expect(try await server.get("/healthz").status == 200)
        }
    }

    /// Slowloris: the header one byte a second. The connection is closed at the request
    /// deadline however steadily bytes arrive.
    @Test func aRequestSentOneByteASecondIsCutOffAtTheDeadline() async throws {
        try await ServerHarness.with(requestTimeout: .seconds(3)) { server in
            let port = server.port
            let (seconds, answered) = try await offThePool { () -> (Double, Bool) in
                let fd = try RawHTTP.connect(port: port, timeout: 20)
                defer { close(fd) }
                let started = Date()
                let request =
                    Array("POST /unsubscribe?email=a%40b.org&token=x HTTP/1.1\r\nHost: x\r\nX-Pad: ".utf8)
                    + Array(repeating: UInt8(ascii: "a"), count: 30)
                for byte in request {
                    do { try RawHTTP.write(fd, [byte]) } catch { break }
                    var probe = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    if poll(&probe, 1, 1000) > 0 { break }  // Closed (or answered): stop sending.
                }
                let rest = RawHTTP.readAll(fd)
                return (Date().timeIntervalSince(started), !rest.isEmpty)
            }
            #expect(seconds >= 2.5 && seconds < 8, "closed after \(seconds) s")
            #expect(!answered)
            #expect(try await server.get("/healthz").status == 200)
            #expect(try await server.suppressionCount() == 0)
        }
    }
}
