import Foundation

/// Checks a message the way a mail administrator would before it goes out.
///
/// Errors break a standard or the message (a missing part, a line over 998 octets, an
/// unrendered Mustache tag, a missing Date, a script or an event handler in the HTML);
/// warnings are what some readers or clients will trip over (a link only in one part, an
/// image without alt text, HTML past Gmail's clipping size, a heading with nothing under it).
public enum MessageCheck {
    /// RFC 5322's limit on a line, without its CRLF.
    package static let lineLimit = 998
    /// RFC 2045's limit on a quoted-printable line, without its CRLF.
    package static let quotedPrintableLimit = 76

    /// Every finding for the message in `bytes`, errors first, each group in message order.
    ///
    /// Each part is read once on bytes: transfer decoding, then one scan per rule family (the
    /// HTML's tags, the text's links, control characters), so the cost grows with the size.
    public static func findings(in bytes: [UInt8]) -> [CheckFinding] {
        let message = MIMEEntity(bytes)
        let leaves = message.leaves
        let shown = leaves.indices.filter { !isAttachment(leaves[$0]) }
        let text = shown.first { leaves[$0].contentType.value == "text/plain" }
        let html = shown.first { leaves[$0].contentType.value == "text/html" }
        // The message's lines and each part (its octets, its quoted-printable lines, and for a
        // text part the decoding and the scan) are checked on every core at once: the text
        // and the HTML part of a large message take about the same time.
        let checks = Parallel.map(Array(0...leaves.count)) { job -> (own: [CheckFinding], reading: PartReading?) in
            guard job > 0 else { return (lineLengths(bytes), nil) }
            let index = job - 1
            let part = leaves[index]
            var own = eightBitIn7Bit(part)
            if part.transferEncoding == "quoted-printable" { own += quotedPrintableLines(part) }
            guard shown.contains(index), part.contentType.value.hasPrefix("text/") else { return (own, nil) }
            return (own, PartReading(part, asText: index == text, asHTML: index == html))
        }
        var found: [CheckFinding] = checks[0].own
        found += headerLineEndings(bytes)
        found += headers(message)
        if text == nil {
            found.append(.init(.error, "no-text-part", "there is no text/plain part; some readers see nothing"))
        }
        if html == nil {
            found.append(.init(.error, "no-html-part", "there is no text/html part; most clients show the bare text"))
        }
        for check in checks.dropFirst() { found += check.own }
        let readings = checks.compactMap(\.reading)
        for reading in readings { found += reading.findings }
        let textReading = readings.first { $0.links != nil }
        let htmlReading = readings.first { $0.html != nil }
        if let links = textReading?.links, let htmlScan = htmlReading?.html {
            found += linkMismatch(text: links, html: htmlScan)
        }
        if let htmlReading, let htmlScan = htmlReading.html {
            found += htmlChecks(htmlScan, size: htmlReading.decodedSize)
        }
        return found.filter { $0.severity == .error } + found.filter { $0.severity == .warning }
    }

    /// One text part as the check reads it: decoded, its own findings (control characters, an
    /// unrendered tag), and the scan the checks across parts compare.
    private struct PartReading: Sendable {
        var findings: [CheckFinding] = []
        /// The size of the decoded body, in bytes.
        var decodedSize = 0
        /// The links and bare addresses, for the text part.
        var links: TextLinks.Scan?
        /// The HTML's tags and links, for the HTML part.
        var html: HTMLScan?

        init(_ part: MIMEEntity, asText: Bool, asHTML: Bool) {
            let decoded = part.decodedBody
            decodedSize = decoded.count
            let body = MIMEEntity.textBytes(decodedBody: decoded, charset: part.contentType.parameters["charset"])
            findings = controlCharacters(body, in: part)
            if asText || asHTML, let tag = unrenderedTag(body) {
                let name = asText ? "text" : "HTML"
                findings.append(.init(.error, "mustache", "the \(name) part has an unrendered Mustache tag “\(tag)”"))
            }
            if asText { links = TextLinks.Scan(body) }
            if asHTML { html = HTMLScan(bytes: body) }
        }
    }

    private static func isAttachment(_ part: MIMEEntity) -> Bool {
        (part.value(of: "Content-Disposition") ?? "").lowercased().hasPrefix("attachment")
    }

    // MARK: Lines

    private static func lineLengths(_ bytes: [UInt8]) -> [CheckFinding] {
        var found: [CheckFinding] = []
        var over = 0
        var lineNumber = 0
        ByteLines.forEach(in: bytes[...]) { start, end in
            lineNumber += 1
            guard end - start > lineLimit else { return }
            over += 1
            if over <= 3 {
                found.append(
                    .init(
                        .error, "long-line",
                        "line \(lineNumber) is \(end - start) octets long; SMTP allows \(lineLimit) (servers may break it)"
                    ))
            }
        }
        if over > 3 { found.append(.init(.error, "long-line", "and \(over - 3) more")) }
        return found
    }

    private static func quotedPrintableLines(_ part: MIMEEntity) -> [CheckFinding] {
        var over = 0
        var longest = 0
        ByteLines.forEach(in: part.body) { start, end in
            if end - start > quotedPrintableLimit {
                over += 1
                longest = max(longest, end - start)
            }
        }
        guard over > 0 else { return [] }
        return [
            .init(
                .error, "qp-line",
                "the \(part.contentType.value) part has \(over) quoted-printable line\(over == 1 ? "" : "s") over "
                    + "\(quotedPrintableLimit) characters (the longest \(longest)); RFC 2045 allows 76")
        ]
    }

    // MARK: Headers

    private static func headers(_ message: MIMEEntity) -> [CheckFinding] {
        var found: [CheckFinding] = []
        for line in message.headerLines where line.contains(where: { $0 >= 0x80 }) {
            let name = line.firstIndex(of: UInt8(ascii: ":")).map { String(decoding: line[..<$0], as: UTF8.self) }
            found.append(
                .init(
                    .error, "8bit-header",
                    "the \(name ?? "header") line has unencoded 8-bit text; encode it as RFC 2047 encoded-words"))
        }
        if let date = message.value(of: "Date") {
            if RFC5322Date(date) == nil {
                found.append(.init(.error, "date", "the Date “\(date)” is not an RFC 5322 date"))
            }
        } else {
            found.append(.init(.error, "date", "there is no Date header; RFC 5322 requires one"))
        }
        if let id = message.value(of: "Message-ID") {
            if !isMessageID(id) {
                found.append(.init(.error, "message-id", "the Message-ID “\(id)” is not of the form <left@right>"))
            }
        } else {
            found.append(.init(.error, "message-id", "there is no Message-ID; replies and duplicate checks need one"))
        }
        if let listID = message.value(of: "List-Id") {
            if !isListID(listID) {
                found.append(
                    .init(
                        .error, "list-id", "the List-Id “\(listID)” is not of the form Name <label.domain> (RFC 2919)"))
            }
        } else {
            found.append(.init(.warning, "list-id", "there is no List-Id; readers cannot filter the list (RFC 2919)"))
        }
        if let unsubscribe = message.value(of: "List-Unsubscribe") {
            let links = unsubscribeLinks(unsubscribe)
            if links == nil || links!.isEmpty {
                found.append(
                    .init(
                        .error, "list-unsubscribe",
                        "the List-Unsubscribe “\(unsubscribe)” is not a list of <https:…> or <mailto:…> links"))
            } else if message.value(of: "List-Unsubscribe-Post") != nil,
                !links!.contains(where: { $0.hasPrefix("https:") })
            {
                found.append(
                    .init(.error, "list-unsubscribe", "List-Unsubscribe-Post needs an https: link in List-Unsubscribe"))
            }
        } else {
            found.append(
                .init(
                    .error, "list-unsubscribe",
                    "there is no List-Unsubscribe; large mailbox providers require it of bulk senders"))
        }
        return found
    }

    private static func isMessageID(_ id: String) -> Bool {
        guard id.hasPrefix("<"), id.hasSuffix(">"), id.count > 2 else { return false }
        let inner = id.dropFirst().dropLast()
        let halves = inner.split(separator: "@", omittingEmptySubsequences: false)
        return halves.count == 2 && !halves[0].isEmpty && !halves[1].isEmpty
            && !inner.contains { $0 == " " || $0 == "<" || $0 == ">" || !$0.isASCII }
    }

    private static func isListID(_ value: String) -> Bool {
        guard let open = value.lastIndex(of: "<"), value.hasSuffix(">") else { return false }
        let id = value[value.index(after: open)..<value.index(before: value.endIndex)]
        let labels = id.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2
            && labels.allSatisfy { label in
                !label.isEmpty && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }
            }
    }

    /// The URLs of a List-Unsubscribe value (`<a>, <b>`), or nil when it is malformed.
    private static func unsubscribeLinks(_ value: String) -> [String]? {
        var links: [String] = []
        for piece in value.split(separator: ",") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("<"), trimmed.hasSuffix(">") else { return nil }
            let url = String(trimmed.dropFirst().dropLast())
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:"),
                !url.contains(" ")
            else { return nil }
            links.append(url)
        }
        return links
    }

    // MARK: Bodies

    /// The first `{{…}}` (or a lone `{{`) in the UTF-8 `body`.
    private static func unrenderedTag(_ body: [UInt8]) -> String? {
        let brace = UInt8(ascii: "{")
        let open = body.withUnsafeBufferPointer { TextBytes.firstPair(of: brace, in: $0) }
        guard let open else { return nil }
        let window = body[open..<min(open + 240, body.count)]
        let close = window.indices.dropFirst(2).dropLast().first { window[$0] == 125 && window[$0 + 1] == 125 }
        if let close {
            let tag = String(decoding: window[..<(close + 2)], as: UTF8.self)
            if tag.count <= 60 { return tag }
        }
        return String(String(decoding: window, as: UTF8.self).prefix(20))
    }

    private static func linkMismatch(text textScan: TextLinks.Scan, html: HTMLScan) -> [CheckFinding] {
        let htmlLinks = Set(html.links)
        let textLinks = Set(textScan.links)
        var found: [CheckFinding] = []
        var onlyHTML = htmlLinks.subtracting(textLinks).sorted()
        // A `mailto:` link shows as its bare address in the text part.
        if !textScan.addresses.isEmpty { onlyHTML.removeAll { textScan.addresses.contains($0) } }
        let onlyText = textLinks.subtracting(htmlLinks).sorted()
        for link in onlyHTML.prefix(5) {
            found.append(
                .init(.warning, "link-mismatch", "the link \(link) is in the HTML part but not in the text part"))
        }
        for link in onlyText.prefix(5) {
            found.append(
                .init(.warning, "link-mismatch", "the link \(link) is in the text part but not in the HTML part"))
        }
        let more = onlyHTML.count + onlyText.count - found.count
        if more > 0 { found.append(.init(.warning, "link-mismatch", "and \(more) more links in one part only")) }
        return found
    }

    private static func htmlChecks(_ html: HTMLScan, size: Int) -> [CheckFinding] {
        var found: [CheckFinding] = []
        if !html.activeContent.isEmpty {
            found.append(
                .init(
                    .error, "active-content",
                    "the HTML part has active content (\(html.activeContent.joined(separator: ", "))); "
                        + "mail clients remove it, and some mark the whole message as dangerous"))
        }
        if size > ClippingCheck.limit {
            found.append(
                .init(
                    .warning, "clipping",
                    "the HTML part is \((size + 512) / 1024) KB; Gmail and others clip messages over 102 KB, "
                        + "hiding the rest and the unsubscribe link"))
        }
        let missingAlt = html.imagesWithoutAlt
        if missingAlt > 0 {
            found.append(
                .init(
                    .warning, "image-alt",
                    "\(missingAlt) image\(missingAlt == 1 ? " has" : "s have") no alt text; readers who block "
                        + "images or use a screen reader see nothing"))
        }
        for heading in html.emptySections {
            found.append(.init(.warning, "empty-section", "the section “\(heading)” has nothing under it"))
        }
        let relative = html.relativeURLs
        for url in relative.prefix(5) {
            found.append(
                .init(
                    .warning, "relative-url",
                    "the link or image “\(url)” is relative: it leads nowhere in a mail client; give its "
                        + "source a base-url: in digest.yml"))
        }
        if relative.count > 5 {
            found.append(.init(.warning, "relative-url", "and \(relative.count - 5) more relative links or images"))
        }
        return found
    }
}
