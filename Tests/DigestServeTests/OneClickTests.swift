import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestServe

/// RFC 8058 one-click unsubscribes and the pages around them, against the real server on a
/// free loopback port.
struct OneClickTests {
    let reader = "ana.perez@example.org"

    @Test func aValidOneClickPostSuppressesTheReaderBeforeTheAnswer() async throws {
        try await ServerHarness.with { server in
            let answer = try await server.oneClick(server.link(reader))
            #expect(answer.status == 200)
            #expect(try await server.isSuppressed(reader))
            #expect(answer.body.contains("You are unsubscribed"))
            #expect(answer.body.contains("a•••@example.org"))
            #expect(!answer.body.contains(reader))
            #expect(answer.body.contains("action=\"/resubscribe?"))
        }
    }

    /// RFC 8058 allows the receiver multipart/form-data as well.
    @Test func aMultipartOneClickPostSuppressesToo() async throws {
        try await ServerHarness.with { server in
            let body =
                "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n"
            let answer = try await RawHTTP.request(
                "POST", server.link(reader), headers: ["Content-Type": "multipart/form-data; boundary=XyZ"], body: body,
                port: server.port)
            #expect(answer.status == 200)
            #expect(try await server.isSuppressed(reader))
        }
    }

    @Test func theAddressIsMatchedRegardlessOfCase() async throws {
        try await ServerHarness.with { server in
            let answer = try await server.oneClick(server.link("Ana.Perez@Example.org"))
            #expect(answer.status == 200)
            #expect(try await server.isSuppressed(reader))
        }
    }

    @Test func aForgedTokenIs403AndSuppressesNobody() async throws {
        try await ServerHarness.with { server in
            let forged = try await server.oneClick(
                "/unsubscribe?email=ana.perez%40example.org&token=AAAAAAAAAAAAAAAAAAAAAA")
            #expect(forged.status == 403)
            #expect(forged.body.contains("This link does not work"))
            let missing = try await server.oneClick("/unsubscribe?email=ana.perez%40example.org")
            #expect(missing.status == 403)
            let none = try await server.oneClick("/unsubscribe")
            #expect(none.status == 403)
            #expect(try await !server.isSuppressed(reader))
        }
    }

    @Test func theTokenOfAnotherAddressIs403() async throws {
        try await ServerHarness.with { server in
            let other = server.tokens.token(for: "bob@example.org")
            let answer = try await server.oneClick("/unsubscribe?email=ana.perez%40example.org&token=\(other)")
            #expect(answer.status == 403)
            #expect(try await !server.isSuppressed(reader))
            #expect(try await !server.isSuppressed("bob@example.org"))
        }
    }

    /// The token is the reader's lasting key (it is in every message they got): after they
    /// subscribe again, a later one-click POST of it, replayed or new, unsubscribes them again.
    @Test func resubscribingNeedsTheSameTokenAndAReplayUnsubscribesAgain() async throws {
        try await ServerHarness.with { server in
            #expect(try await server.oneClick(server.link(reader)).status == 200)
            let forged = try await RawHTTP.request(
                "POST", "/resubscribe?email=ana.perez%40example.org&token=AAAAAAAAAAAAAAAAAAAAAA",
                body: "resubscribe=yes", port: server.port)
            #expect(forged.status == 403)
            #expect(try await server.isSuppressed(reader))
            let back = try await RawHTTP.request(
                "POST", server.link(reader, path: "/resubscribe"), body: "resubscribe=yes", port: server.port)
            #expect(back.status == 200)
            #expect(back.body.contains("You are subscribed again"))
            #expect(try await !server.isSuppressed(reader))
            let replay = try await server.oneClick(server.link(reader))
            #expect(replay.status == 200)
            #expect(try await server.isSuppressed(reader))
        }
    }

    @Test func aResubscribeDoesNotLiftABounceOrTheEditorsSuppression() async throws {
        try await ServerHarness.with { server in
            let store = server.scratch.store
            try await onThreadOfItsOwn { () throws(DigestError) in _ = try store.suppress(reader, reason: .bounce) }
            let answer = try await RawHTTP.request(
                "POST", server.link(reader, path: "/resubscribe"), body: "resubscribe=yes", port: server.port)
            #expect(answer.status == 409)
            #expect(answer.body.contains("Not subscribed again"))
            #expect(try await server.isSuppressed(reader))
        }
    }

    @Test func aGetNeverUnsubscribesItShowsOneButton() async throws {
        try await ServerHarness.with { server in
            let page = try await server.get(server.link(reader))
            #expect(page.status == 200)
            #expect(try await !server.isSuppressed(reader))
            #expect(page.body.components(separatedBy: "<button").count == 2)
            #expect(
                page.body.contains(
                    "<form method=\"post\" action=\"/unsubscribe?email=ana.perez%40example.org&amp;token="))
            #expect(page.body.contains("name=\"List-Unsubscribe\" value=\"One-Click\""))
            #expect(page.body.contains("a•••@example.org"))
            #expect(!page.body.contains(reader))
            #expect(!page.body.lowercased().contains("<script"))
            let policy = try #require(page.headers["content-security-policy"])
            #expect(policy.hasPrefix("default-src 'none'; style-src 'sha256-"))
            #expect(!policy.contains("unsafe"))
            #expect(page.headers["referrer-policy"] == "no-referrer")
            #expect(page.headers["cache-control"] == "no-store")
            let head = try await RawHTTP.request("HEAD", server.link(reader), port: server.port)
            #expect(head.status == 200)
            #expect(try await !server.isSuppressed(reader))
        }
    }

    @Test func theAnswerIsTheSameWhetherOrNotTheAddressIsSubscribed() async throws {
        try await ServerHarness.with { server in
            // The server never looks at the subscriber list: a valid token is all it checks.
            let known = try await server.oneClick(server.link("ana@example.org"))
            let unknown = try await server.oneClick(server.link("axel@example.org"))
            #expect(known.status == unknown.status)
            let knownPage = known.body.replacingOccurrences(of: "ana", with: "")
                .replacingOccurrences(of: server.tokens.token(for: "ana@example.org"), with: "")
            let unknownPage = unknown.body.replacingOccurrences(of: "axel", with: "")
                .replacingOccurrences(of: server.tokens.token(for: "axel@example.org"), with: "")
            #expect(knownPage == unknownPage)
        }
    }

    @Test func wrongMethodsAre405AndBigBodies413() async throws {
        try await ServerHarness.with { server in
            for method in ["PUT", "DELETE", "PATCH"] {
                let answer = try await RawHTTP.request(method, server.link(reader), port: server.port)
                #expect(answer.status == 405)
                #expect(answer.headers["allow"] == "GET, HEAD, POST")
            }
            #expect(try await server.get(server.link(reader, path: "/resubscribe")).status == 405)
            let big = try await server.oneClick(
                server.link(reader), body: "List-Unsubscribe=One-Click&" + String(repeating: "x", count: 5000))
            #expect(big.status == 413)
            let noBody = try await server.oneClick(server.link(reader), body: "")
            #expect(noBody.status == 400)
            #expect(try await !server.isSuppressed(reader))
        }
    }

    @Test func healthzSaysOk() async throws {
        try await ServerHarness.with { server in
            let answer = try await server.get("/healthz")
            #expect(answer.status == 200)
            #expect(answer.body == "ok\n")
        }
    }

    @Test func thePagesSpeakTheListsLanguage() async throws {
        let french = try ReaderLanguage.load(locale: "fr_FR", folder: TestFiles.strings)
        try await ServerHarness.with(language: french) { server in
            let page = try await server.get(server.link(reader))
            #expect(page.body.contains("<html lang=\"fr\">"))
            #expect(page.body.contains("Se désabonner"))
            let forbidden = try await server.get("/unsubscribe?email=x%40y.org&token=zz")
            #expect(forbidden.body.contains("Ce lien ne fonctionne pas"))
        }
    }

    @Test func eachRequestLogsOneLineWithoutTokenOrAddress() async throws {
        try await ServerHarness.with { server in
            _ = try await server.get(server.link(reader))
            _ = try await server.oneClick(server.link(reader))
            _ = try await server.get("/healthz")
            let token = server.tokens.token(for: reader)
            let lines = server.log.lines
            #expect(lines.count == 3)
            #expect(lines.allSatisfy { !$0.contains(token) && !$0.contains(reader) && !$0.contains("perez") })
            #expect(lines[1].hasPrefix("POST /unsubscribe 200 "))
            #expect(lines[1].contains("reader=a•••@example.org suppressed"))
        }
    }

    @Test func forwardedHeadersAreBelievedOnlyFromATrustedProxy() async throws {
        try await ServerHarness.with(trustedProxies: ["127.0.0.1"]) { server in
            _ = try await RawHTTP.request(
                "GET", "/healthz", headers: ["X-Forwarded-For": "203.0.113.9, 127.0.0.1"], port: server.port)
            _ = try await RawHTTP.request(
                "GET", "/healthz", headers: ["Forwarded": "for=\"[2001:db8::7]:4711\";proto=https"], port: server.port)
            #expect(server.log.lines[0].contains("client=203.0.113.9"))
            #expect(server.log.lines[1].contains("client=2001:db8::7"))
        }
        try await ServerHarness.with { server in
            _ = try await RawHTTP.request(
                "GET", "/healthz", headers: ["X-Forwarded-For": "203.0.113.9"], port: server.port)
            #expect(server.log.lines[0].contains("client=127.0.0.1"))
        }
    }
}

extension TestFiles {
    /// The shipped strings files.
    static var strings: String { templates + "/strings" }

    /// A script of these tests.
    static func serveScript(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/DigestServeTests/Scripts/\(name)").path
    }
}
