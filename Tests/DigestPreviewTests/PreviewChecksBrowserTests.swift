import DigestCore
import DigestPreview
import DigestTestSupport
import Foundation
import Testing

/// The preview's own checks as a browser runs them, in Debian's headless Chromium against the
/// real preview server: the 375 px overflow check (the preview page's script measures the
/// message in a hidden frame), and the message in dark mode, screenshotted and measured.
@Suite(.serialized)
struct PreviewChecksBrowserTests {
    /// The seed message with `extra` added at the end of its body (before `</body>`).
    static func startWithSeed(adding extra: String) async throws -> PreviewFixture {
        try await PreviewFixture.start { folder throws(DigestError) in
            let settings = try PreviewFixture.seedSettings(templates: folder)
            guard let seed = try DigestBuild(settings: settings).run().message else {
                return PreviewContent(messages: [])
            }
            let message = MailMessage(
                from: seed.from, to: seed.to, subject: seed.subject, date: seed.date, list: seed.list, text: seed.text,
                html: seed.html.replacingOccurrences(of: "</body>", with: extra + "</body>"))
            return PreviewContent(
                messages: [PreviewMessage(message: message, fileName: "seed.eml", itemCount: 10, sectionCount: 3)])
        }
    }

    /// The verdicts the page's script wrote, by probe: (state, scroll width, sentence).
    static func verdicts(_ preview: PreviewFixture) async throws -> [String: (String, Int?, String)] {
        let result = try await BrowserTests.browse([
            "--dump-dom", "--window-size=1280,900", "--virtual-time-budget=10000", preview.address.url + "messages/1",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let dom = result.output
        var found: [String: (String, Int?, String)] = [:]
        let pattern = #"<li data-probe="([a-z]+)" data-state="([a-z]+)"([^>]*)>(.*?)</li>"#
        let expression = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        for match in expression.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)) {
            func group(_ index: Int) -> String { String(dom[Range(match.range(at: index), in: dom)!]) }
            let width = group(3).range(of: #"data-scroll-width="[0-9]+""#, options: .regularExpression).flatMap {
                Int(group(3)[$0].dropFirst("data-scroll-width=\"".count).dropLast())
            }
            found[group(1)] = (group(2), width, group(4))
        }
        return found
    }

    @Test func theSeedMessageFitsAPhoneWithAndWithoutItsStyleBlock() async throws {
        try await withPreview { preview in
            let verdicts = try await Self.verdicts(preview)
            for probe in ["sent", "unstyled"] {
                let verdict = try #require(verdicts[probe], "no verdict for \(probe): \(verdicts)")
                #expect(verdict.0 == "fits", "\(probe): \(verdict.2)")
                #expect((verdict.1 ?? 999) <= 375)
                #expect(verdict.2.contains("fits ("))
            }
        }
    }

    @Test func aWideElementIsReportedAsOverflowingAtPhoneWidth() async throws {
        let wide = #"<div style="width:900px;background:#eee">A table 900 pixels wide</div>"#
        try await withPreview(starting: { try await Self.startWithSeed(adding: wide) }) { preview in
            let verdicts = try await Self.verdicts(preview)
            for probe in ["sent", "unstyled"] {
                let verdict = try #require(verdicts[probe], "no verdict for \(probe): \(verdicts)")
                #expect(verdict.0 == "overflows", "\(probe): \(verdict.2)")
                #expect((verdict.1 ?? 0) >= 900)
                #expect(verdict.2.contains("⚠ overflows: the page is "))
                #expect(
                    verdict.2.contains("the widest element is &lt;div&gt; “A table 900 pixels wide”"), "\(verdict.2)")
            }
        }
    }

    @Test func anElementThatFitsOnlyThanksToTheStyleBlockIsReportedWithoutIt() async throws {
        let narrowed = """
            <style>div.narrowed { width: 300px !important; }</style>\
            <div class="narrowed" style="width:900px">Narrowed by the style block only</div>
            """
        try await withPreview(starting: { try await Self.startWithSeed(adding: narrowed) }) { preview in
            let verdicts = try await Self.verdicts(preview)
            #expect(verdicts["sent"]?.0 == "fits", "\(verdicts)")
            #expect(verdicts["unstyled"]?.0 == "overflows", "\(verdicts)")
        }
    }

    /// Reads a PNG with Python's zlib (no imaging library needed) and prints the mean luma
    /// (0–255, Rec. 601) and the share of bright pixels (luma over 170), in per mille.
    static let lumaScript = """
        import struct, sys, zlib
        data = open(sys.argv[1], "rb").read()
        pos, idat = 8, b""
        while pos < len(data):
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            chunk = data[pos + 8:pos + 8 + length]
            pos += 12 + length
            if kind == b"IHDR":
                width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            elif kind == b"IDAT":
                idat += chunk
        assert depth == 8 and color in (2, 6), (depth, color)
        bpp = 3 if color == 2 else 4
        stride = width * bpp
        raw = zlib.decompress(idat)
        previous = bytearray(stride)
        total = bright = 0
        for y in range(height):
            kind = raw[y * (stride + 1)]
            line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                up = previous[x]
                corner = previous[x - bpp] if x >= bpp else 0
                if kind == 1:
                    line[x] = (line[x] + left) & 255
                elif kind == 2:
                    line[x] = (line[x] + up) & 255
                elif kind == 3:
                    line[x] = (line[x] + (left + up) // 2) & 255
                elif kind == 4:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
            for x in range(0, stride, bpp):
                luma = (299 * line[x] + 587 * line[x + 1] + 114 * line[x + 2]) // 1000
                total += luma
                bright += luma > 170
            previous = line
        pixels = width * height
        print(total // pixels, bright * 1000 // pixels)
        """

    /// The mean luma and the bright pixels (per mille) of the PNG at `file`.
    static func luma(_ file: URL) async throws -> (mean: Int, bright: Int) {
        let result = try await runProcess("/usr/bin/env", ["python3", "-c", lumaScript, file.path])
        #expect(result.status == 0, "python3 (run Scripts/setup --test): \(result.stderr)")
        let numbers = result.output.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        let figures = try #require(numbers.count == 2 ? numbers : nil, "python3 printed \(result.output)")
        return (figures[0], figures[1])
    }

    @Test func inDarkModeTheMessageIsDarkWithLightText() async throws {
        try FileManager.default.createDirectory(at: BrowserTests.shots, withIntermediateDirectories: true)
        let dark = BrowserTests.shots.appendingPathComponent("preview-dark.png")
        let light = try TestFiles.scratchFolder().appendingPathComponent("light.png")
        defer { try? FileManager.default.removeItem(at: light.deletingLastPathComponent()) }
        try await withPreview { preview in
            for (target, mode) in [(dark, ["--force-dark-mode"]), (light, [])] {
                let result = try await BrowserTests.browse(
                    mode + [
                        "--screenshot=\(target.path)", "--window-size=390,900", preview.address.url + "messages/1/html",
                    ])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(try BrowserTests.pngSize(target) == (390, 900))
            }
        }
        let darkLuma = try await Self.luma(dark)
        let lightLuma = try await Self.luma(light)
        #expect(darkLuma.mean < 80, "dark mode: mean luma \(darkLuma.mean)")
        #expect(lightLuma.mean > 180, "light mode: mean luma \(lightLuma.mean)")
        #expect(darkLuma.bright >= 5, "dark mode has light text: \(darkLuma.bright) ‰ bright pixels")
    }
}
