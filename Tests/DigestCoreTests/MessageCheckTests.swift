import Foundation
import Testing

@testable import DigestCore

/// `digest check`'s rules, one hand-broken message per rule, and its MIME reader.
struct MessageCheckTests {
    static let headers = [
        "Date: Sat, 20 Apr 2019 08:00:00 +0000",
        "From: Weekly <digest@example.org>",
        "To: readers@example.org",
        "Subject: =?UTF-8?Q?Caf=C3=A9_news?=",
        "Message-ID: <abc.digest@example.org>",
        "List-Id: Weekly <weekly.example.org>",
        "List-Unsubscribe: <https://example.org/u>,",
        " <mailto:digest@example.org?subject=unsubscribe>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "MIME-Version: 1.0",
    ]
    static let text =
        "Caf=C3=A9 news, a line long enough to need a soft break in quoted-printable=\r\n text.\r\n\r\nTrams run: https://example.org/trams?a=3D1&b=3D2"
    static let html =
        "<html><head><style>h2 { }</style></head><body><h1>Weekly</h1><p>Intro</p><h2>Transport</h2><h3>Trams</h3>"
        + "<p>Trams run. <a href=\"https://example.org/trams?a=1&amp;b=2\">more</a><img src=\"https://example.org/t.png\" alt=\"\"></p>"
        + "<p><a href=\"https://example.org/u\">Unsubscribe</a> <a href=\"mailto:digest@example.org?subject=unsubscribe\">by mail</a></p>"
        + "</body></html>"
    static let textWithUnsubscribe =
        text + "\r\nUnsubscribe: https://example.org/u\r\nor mailto:digest@example.org?subject=3Dunsubscribe\r\n"

    /// The links of the HTML part, as a quoted-printable text line.
    static let links =
        "\r\nhttps://example.org/trams?a=3D1&b=3D2 https://example.org/u\r\nmailto:digest@example.org?subject=3Dunsubscribe"

    /// A message from parts; the text part is quoted-printable as given, the HTML part base64.
    static func mail(
        headers: [String] = headers, text: String? = textWithUnsubscribe, textEncoding: String = "quoted-printable",
        html: String? = html
    ) -> [UInt8] {
        var lines = headers + ["Content-Type: multipart/alternative; boundary=\"=_b\"", "", "Preamble."]
        if let text {
            lines += [
                "--=_b", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: \(textEncoding)", "",
            ]
            lines.append(text)
        }
        if let html {
            lines += ["--=_b", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines.append(
                Data(html.utf8).base64EncodedString(options: [
                    .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
                ]))
        }
        lines += ["--=_b--", ""]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    static func replacing(_ name: String, with value: String?) -> [String] {
        var result: [String] = []
        var skipping = false
        for line in headers {
            if line.hasPrefix(" ") && skipping { continue }
            skipping = line.hasPrefix(name + ":")
            if skipping {
                if let value { result.append("\(name): \(value)") }
            } else {
                result.append(line)
            }
        }
        return result
    }

    @Test func aCarefulMessageHasNoFindings() {
        #expect(MessageCheck.findings(in: Self.mail()) == [])
    }

    @Test func aMessageWithLFLineEndingsThroughoutHasNoFindings() {
        let lf = String(decoding: Self.mail(), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(MessageCheck.findings(in: Array(lf.utf8)) == [])
    }

    @Test func aMailLinkShownAsItsBareAddressInTheTextIsInBothParts() {
        // cmark makes `<contact@example.eu>` a mailto: link; the text part shows the address.
        let html = Self.html.replacingOccurrences(
            of: "<p>Intro</p>", with: "<p>Write to <a href=\"mailto:contact@example.eu\">contact@example.eu</a>.</p>")
        let shown = Self.mail(text: "Write to (contact@example.eu)." + Self.links, html: html)
        #expect(MessageCheck.findings(in: shown) == [])
        let missing = Self.mail(text: "Write to us." + Self.links, html: html)
        #expect(
            MessageCheck.findings(in: missing).map(\.message) == [
                "the link mailto:contact@example.eu is in the HTML part but not in the text part"
            ])
    }

    @Test func theRulesOnOctetsSayWhereAndHowMany() {
        let injected = MessageCheck.findings(
            in: Self.mail(headers: Self.replacing("Subject", with: "Weekly\nBcc: a@example.org\nCc: b@example.org")))
        #expect(
            injected.map(\.message) == [
                "the header block has 2 bare LFs in a CRLF message (lines 4, 5); relays split the header there, "
                    + "which can add header fields"
            ])
        let nul = MessageCheck.findings(in: Self.mail(text: "Hello\r\nwor=00ld=07" + Self.links))
        #expect(
            nul.map(\.message) == [
                "the text/plain part has 2 control characters (the first, NUL, on line 2 of the decoded body); mail "
                    + "text may hold no NUL and no control characters but tab and line endings"
            ])
    }

    @Test func theHTMLScanReadsBytesTheWayABrowserWould() {
        let scan = HTMLScan(
            """
            <!DOCTYPE html><HEAD><title><a href="https://example.org/title"></title></HEAD>
            <!-- <a href="https://example.org/comment"> --><!-->
            <STYLE>a { } <a href="https://example.org/style"></style>
            <H2 class=x>First</H2><p>&nbsp;</p><h2>Second &amp; last</h2>
            <A HREF=https://example.org/a?x=1&amp;y=%C3%A9 title='a > b'>one</A>
            <a href="javascript:alert(1)" href="mailto:me@example.org">two</a> 1 < 2
            <img src=x.png><img alt src=y.png><IMG ALT="">
            <h2>Third</h2>
            """)
        // The first of two hrefs is the link, as in a browser: here a script, so no link.
        #expect(scan.links == ["https://example.org/a?x=1&y=é"])
        #expect(scan.imagesWithoutAlt == 1)
        #expect(scan.emptySections == ["First", "Third"])
        #expect(scan.activeContent == ["a javascript: link"])
    }

    /// What would run in a browser is found as a browser finds it: tag and attribute names in
    /// any case, a handler right after a quoted value, a scheme behind entities and blanks.
    @Test func activeContentIsFoundWhereABrowserWouldRunIt() {
        let scan = HTMLScan(
            """
            <p class="on" data-on="x" title='onclick'>on top <font>one</font> <option>two</option></p>
            <img src="https://example.org/a.png" alt="a"ONERROR="alert(1)">
            <a href=" &#106;ava	script:alert(1)">x</a><img src="VBScript:msgbox" alt="">
            <IFRAME src="https://example.org"></IFRAME><Script>alert(1)</Script><embed src=x.swf>
            <div onmouseover=go()>d</div><img alt="" src="https://example.org/b.png" onerror="again()">
            """)
        #expect(
            scan.activeContent == [
                "an onerror attribute", "a javascript: link", "a vbscript: link", "<iframe>", "<script>", "<embed>",
                "an onmouseover attribute",
            ])
        // A colon written as an entity is still a colon to the browser.
        #expect(HTMLScan("<a href=\"javascript&#58;alert(1)\">x</a>").activeContent == ["a javascript: link"])
        let careful = HTMLScan(
            Self.html + "<p class=\"on\">Monday <a href=\"https://example.org/javascript:\">x</a></p>")
        #expect(careful.activeContent.isEmpty)
    }

    @Test func textLinksEndAtWhiteSpaceAndDropTrailingPunctuation() {
        let text =
            "See https://example.org/a, (mailto:me@example.org).\u{A0}x:https://example.org/b\u{3000}"
            + "<http://example.org/c?q=%ZZ> done: https://example.org/d"
        #expect(
            TextLinks.Scan(Array(text.utf8)).links == [
                "https://example.org/a", "mailto:me@example.org", "https://example.org/b", "http://example.org/c?q=%ZZ",
                "https://example.org/d",
            ])
    }

    @Test func theReaderDecodesPartsAndHeaders() {
        let message = MIMEEntity(Self.mail())
        #expect(message.isMultipart)
        #expect(message.parts.count == 2)
        #expect(
            message.parts[0].text.hasPrefix(
                "Café news, a line long enough to need a soft break in quoted-printable text.\n"))
        #expect(message.parts[0].text.contains("https://example.org/trams?a=1&b=2"))
        #expect(message.parts[1].text == Self.html)
        #expect(message.value(of: "list-unsubscribe")?.contains(">, <mailto:") == true)
        #expect(MessageCheck.subject(of: Self.mail()) == "Café news")
        #expect(EncodedWordDecoder.decode("=?UTF-8?B?WsOzZQ==?= =?iso-8859-1?q?caf=E9?= x") == "Zóecafé x")
    }

    static let brokenMessages: [(String, [UInt8], String, CheckFinding.Severity)] = [
        ("no text part", mail(text: nil), "no-text-part", .error),
        ("no HTML part", mail(html: nil), "no-html-part", .error),
        ("an unrendered tag", mail(text: "Hello {{name}}," + links), "mustache", .error),
        (
            "a link only in HTML",
            mail(text: "Hello https://example.org/u mailto:digest@example.org?subject=unsubscribe"), "link-mismatch",
            .warning
        ),
        (
            "a line over 998 octets",
            mail(
                text: String(repeating: "x", count: 1200) + links.replacingOccurrences(of: "=3D", with: "="),
                textEncoding: "8bit"), "long-line", .error
        ),
        ("a quoted-printable line over 76", mail(text: String(repeating: "y", count: 80) + links), "qp-line", .error),
        ("an 8-bit header", mail(headers: replacing("Subject", with: "Café news")), "8bit-header", .error),
        ("no Date", mail(headers: replacing("Date", with: nil)), "date", .error),
        ("a malformed Date", mail(headers: replacing("Date", with: "yesterday at noon")), "date", .error),
        ("no Message-ID", mail(headers: replacing("Message-ID", with: nil)), "message-id", .error),
        ("a malformed Message-ID", mail(headers: replacing("Message-ID", with: "abc")), "message-id", .error),
        ("no List-Id", mail(headers: replacing("List-Id", with: nil)), "list-id", .warning),
        ("a malformed List-Id", mail(headers: replacing("List-Id", with: "Weekly <weekly>")), "list-id", .error),
        ("no List-Unsubscribe", mail(headers: replacing("List-Unsubscribe", with: nil)), "list-unsubscribe", .error),
        (
            "a malformed List-Unsubscribe", mail(headers: replacing("List-Unsubscribe", with: "https://example.org/u")),
            "list-unsubscribe", .error
        ),
        (
            "HTML past the clipping size",
            mail(
                html: html.replacingOccurrences(
                    of: "<p>Intro</p>", with: "<p>" + String(repeating: "Intro ", count: 20_000) + "</p>")), "clipping",
            .warning
        ),
        (
            "an image without alt text", mail(html: html.replacingOccurrences(of: "alt=\"\"", with: "")), "image-alt",
            .warning
        ),
        (
            "an empty section",
            mail(
                html: html.replacingOccurrences(
                    of: "<h2>Transport</h2>",
                    with: "<h2>Empty</h2>\n<table><tr><td> </td></tr></table><h2>Transport</h2>")), "empty-section",
            .warning
        ),
        (
            "8-bit bytes in a 7bit part",
            mail(text: "Café news" + links.replacingOccurrences(of: "=3D", with: "="), textEncoding: "7bit"),
            "8bit-in-7bit", .error
        ),
        (
            "a bare LF in the header block (an injected Bcc)",
            mail(headers: replacing("Subject", with: "Weekly\nBcc: everyone@example.org")), "header-line-ending",
            .error
        ),
        (
            "a bare CR in the header block", mail(headers: replacing("Subject", with: "Weekly\rnews")),
            "header-line-ending", .error
        ),
        ("a NUL in the text body", mail(text: "Hello=00 world" + links), "control-character", .error),
        (
            "a script in the HTML body",
            mail(html: html.replacingOccurrences(of: "<p>Intro</p>", with: "<p>Intro</p><script>alert(1)</script>")),
            "active-content", .error
        ),
        (
            "an event handler in the HTML body",
            mail(html: html.replacingOccurrences(of: "alt=\"\"", with: "alt=\"\" onerror=\"alert(1)\"")),
            "active-content", .error
        ),
        (
            "an escape character in the HTML body",
            mail(html: html.replacingOccurrences(of: "<p>Intro</p>", with: "<p>Intro\u{1B}[31m</p>")),
            "control-character", .error
        ),
    ]

    @Test(arguments: brokenMessages.indices)
    func eachBrokenMessageIsFlaggedForItsRule(_ index: Int) {
        let (name, bytes, rule, severity) = Self.brokenMessages[index]
        let findings = MessageCheck.findings(in: bytes)
        #expect(findings.map(\.rule) == [rule], "\(name): \(findings)")
        #expect(findings.allSatisfy { $0.severity == severity }, "\(name)")
    }

    @Test func theSummaryCountsErrorsAndWarnings() {
        var summary = CheckSummary()
        summary.add([])
        #expect(summary.line == "Check: 1 message, no problems.")
        summary.add(MessageCheck.findings(in: Self.mail(headers: Self.replacing("List-Id", with: nil), text: nil)))
        #expect(summary.line == "Check: 2 messages, 1 error, 1 warning.")
    }
}
