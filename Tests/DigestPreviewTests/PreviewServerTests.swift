import DigestCore
import DigestPreview
import DigestTestSupport
import Foundation
import Testing

/// Runs `body` against a fresh preview and stops the server afterwards, whatever happens.
func withPreview(
    recipients: [String] = ["Readers <readers@example.org>"], _ body: (PreviewFixture) async throws -> Void
) async throws {
    try await withPreview(starting: { try await PreviewFixture.start(recipients: recipients) }, body)
}

/// Runs `body` against the preview `start` makes and stops the server afterwards, whatever happens.
func withPreview(
    starting start: () async throws -> PreviewFixture, _ body: (PreviewFixture) async throws -> Void
) async throws {
    let preview = try await start()
    do {
        try await body(preview)
    } catch {
        await preview.stop()
        throw error
    }
    await preview.stop()
}

/// The preview server on a free loopback port, spoken to over a plain socket.
@Suite(.serialized) struct PreviewServerTests {
    @Test func theIndexListsEveryMessageWithSubjectRecipientSizeAndItems() async throws {
        try await withPreview(recipients: ["Ann <ann@example.org>", "Bob <bob@example.org>"]) { preview in
            let index = try await preview.http.get("/")
            #expect(index.status == 200)
            #expect(index.headers["content-type"] == "text/html; charset=utf-8")
            let body = index.body
            #expect(body.contains("<a href=\"/messages/1\">Social innovation digest, 20 March – 20 April 2019</a>"))
            #expect(body.contains("href=\"/messages/2\""))
            #expect(body.contains("ann@example.org"))
            #expect(body.contains("bob@example.org"))
            #expect(body.contains("<td class=\"num\">10</td>"))
            #expect(body.contains(" kB</td>"))
        }
    }

    @Test func aMessagePageFramesTheHTMLInASandboxAndShowsTheTextPartInline() async throws {
        try await withPreview { preview in
            let page = try await preview.http.get("/messages/1")
            #expect(page.status == 200)
            let body = page.body
            let frame = try #require(body.range(of: "<iframe[^>]*>", options: .regularExpression).map { body[$0] })
            #expect(frame.contains("src=\"/messages/1/html\""))
            #expect(frame.contains("sandbox=\""))
            #expect(!frame.contains("allow-scripts"))
            // The text part is in the page itself, not in a frame, under a 72-column ruler.
            #expect(body.contains("<pre class=\"text\">Social innovation digest\n"))
            #expect(body.contains("Bologna is 22nd city to sign pledge to the EU Pillar of Social Rights"))
            let ruler = TextRulerLines.ruler(in: body)
            #expect(ruler.map(\.count) == [72, 72])
            #expect(body.contains("<h2 id=\"headers\">Headers</h2>"))
            #expect(body.contains("Message-ID: &lt;"))
            #expect(body.contains("<h2 id=\"source\">Raw source</h2>"))
            #expect(body.contains("Content-Type: multipart/alternative;"))
            #expect(body.contains("boundary=&quot;=_digest_"))
            let policy = try #require(page.headers["content-security-policy"])
            #expect(policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline'; script") && !body.contains("<script>"))
        }
    }

    @Test func thePhoneToggleNarrowsTheFrame() async throws {
        try await withPreview { preview in
            let desktop = try await preview.http.get("/messages/1").body
            let phone = try await preview.http.get("/messages/1?width=phone").body
            #expect(desktop.contains("<div class=\"stage desktop\">"))
            #expect(phone.contains("<div class=\"stage phone\">"))
            #expect(phone.contains("href=\"/messages/1?width=phone\" aria-current=\"true\""))
            let css = try await preview.http.get("/preview.css").body
            #expect(css.contains(".phone iframe.message { width: 375px;"))
        }
    }

    @Test func theMessageHTMLIsServedAsWrittenUnderAPolicyThatBlocksScripts() async throws {
        try await withPreview { preview in
            let response = try await preview.http.get("/messages/1/html")
            #expect(response.status == 200)
            let policy = try #require(response.headers["content-security-policy"])
            #expect(policy.contains("default-src 'none'"))
            #expect(policy.contains("script-src 'none'"))
            let message = try #require(preview.library.snapshot.content.messages.first).message
            #expect(response.body == message.html)
            let file = try await preview.http.get("/messages/1.eml")
            #expect(file.headers["content-type"] == "message/rfc822")
            #expect(file.body == String(decoding: message.bytes(lineEnding: .crlf), as: UTF8.self))
        }
    }

    @Test func itListensOnTheLoopbackAddressOnly() async throws {
        try await withPreview { preview in
            #expect(preview.address.host == "127.0.0.1")
            #expect(preview.address.url == "http://127.0.0.1:\(preview.address.port)/")
            #if os(Linux)
                // The kernel's own table of listening sockets: local address 127.0.0.1, not 0.0.0.0.
                let table = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)
                let port = String(format: "%04X", preview.address.port)
                var listening: [String] = []
                for line in table.split(separator: "\n").dropFirst() {
                    let fields = line.split(separator: " ").map(String.init)
                    // fields: sl, local address, remote address, state (0A is LISTEN).
                    if fields.count > 3, fields[1].hasSuffix(":\(port)"), fields[3] == "0A" {
                        listening.append(fields[1])
                    }
                }
                #expect(listening == ["0100007F:\(port)"])
                let ipv6 = (try? String(contentsOfFile: "/proc/net/tcp6", encoding: .utf8)) ?? ""
                #expect(!ipv6.contains(":" + port + " 00000000000000000000000000000000:0000 0A"))
            #endif
        }
    }

    @Test(arguments: [
        "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/messages/1/../../../../etc/passwd", "/etc/passwd",
        "/messages/2", "/messages/0", "/messages/01", "/messages/1/html/x", "/messages/x.eml", "/Templates/",
    ])
    func anythingButTheRoutesIsNotFound(_ path: String) async throws {
        try await withPreview { preview in
            let response = try await preview.http.get(path)
            #expect(response.status == 404, "\(path)")
            #expect(!response.body.contains("root:"))
        }
    }

    @Test func aTemplateErrorShowsOnThePageWithFileLineAndColumnAndTheServerStaysUp() async throws {
        try await withPreview { preview in
            let template = preview.htmlTemplate
            let good = try String(contentsOf: template, encoding: .utf8)
            let version = try await preview.http.get("/version").body
            // Line 3 opens a section that is closed under another name.
            try ("<!DOCTYPE html>\n<p>\n{{#sections}}{{label}}{{/items}}\n" + good).write(
                to: template, atomically: true, encoding: .utf8)
            let waited = try await preview.waitForNewBuild(after: version)
            #expect(waited != nil, "no rebuild after the template changed")
            let page = try await preview.http.get("/messages/1")
            #expect(page.status == 200)
            #expect(page.body.contains("The digest did not build"))
            #expect(page.body.contains("<code>\(template.path)</code>, line 3, column"))
            #expect(page.body.contains("a section is closed with a different name"))
            // The last good build is still there under the error.
            #expect(page.body.contains("<iframe class=\"message\""))
            // Fixing the template brings the page back.
            let broken = try await preview.http.get("/version").body
            try good.replacingOccurrences(of: "</body>", with: "<p>fixed-marker</p>\n</body>").write(
                to: template, atomically: true, encoding: .utf8)
            #expect(try await preview.waitForNewBuild(after: broken) != nil)
            #expect(!(try await preview.http.get("/").body.contains("The digest did not build")))
            #expect(try await preview.http.get("/messages/1/html").body.contains("fixed-marker"))
        }
    }

    @Test func editingATemplateIsServedWithinASecond() async throws {
        try await withPreview { preview in
            let template = preview.htmlTemplate
            let version = try await preview.http.get("/version").body
            let text = try String(contentsOf: template, encoding: .utf8)
            try text.replacingOccurrences(of: "</body>", with: "<p>edited-marker</p>\n</body>").write(
                to: template, atomically: true, encoding: .utf8)
            let waited = try #require(try await preview.waitForNewBuild(after: version))
            // 100 ms polling here, 250 ms by default, plus one build; the page polls every 400 ms.
            #expect(waited < .seconds(1), "took \(waited)")
            #expect(try await preview.http.get("/messages/1/html").body.contains("edited-marker"))
            #expect(try await preview.http.get("/preview.js").body.contains("fetch(\"/version\""))
        }
    }
}

/// Reads the ruler back out of a message page.
enum TextRulerLines {
    static func ruler(in page: String) -> [Substring] {
        guard let start = page.range(of: "<pre class=\"ruler\" aria-hidden=\"true\">"),
            let end = page.range(of: "</pre>", range: start.upperBound..<page.endIndex)
        else { return [] }
        return page[start.upperBound..<end.lowerBound].split(separator: "\n")
    }
}
