import DigestPreview
import DigestTestSupport
import Foundation
import Testing

/// Debian's Chromium, headless, as a reader's browser: it loads the preview, its DOM is read
/// back, and screenshots at desktop and phone width land in `docs/` for the README.
/// A missing Chromium fails the tests, never skips them.
@Suite(.serialized)
struct BrowserTests {
    /// Where the screenshots go: `docs/` (committed, shown by the README) when
    /// `RECORD_SCREENSHOTS=1`, else `.build/screenshots/`, so that a test run leaves the
    /// committed pictures alone (Chromium's PNGs differ by a few bytes from run to run).
    static let shots =
        ProcessInfo.processInfo.environment["RECORD_SCREENSHOTS"] == "1"
        ? TestFiles.packageRoot.appendingPathComponent("docs")
        : TestFiles.packageRoot.appendingPathComponent(".build/screenshots")

    /// Runs headless Chromium with `arguments` on a thread of its own (it takes seconds, and
    /// the server under test needs the cooperative threads meanwhile).
    static func browse(_ arguments: [String]) async throws -> ProcessResult {
        let executable = try #require(
            Chromium.path, "Chromium (/usr/bin/chromium) is missing: run Scripts/setup --test")
        let profile = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: profile) }
        let all =
            [
                "90", executable, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", "--user-data-dir=\(profile.path)",
            ] + arguments
        return try await runProcess("/usr/bin/timeout", all)
    }

    /// The width and height recorded in a PNG's header.
    static func pngSize(_ file: URL) throws -> (Int, Int) {
        let bytes = [UInt8](try Data(contentsOf: file))
        try #require(bytes.count > 24 && bytes[1...3] == [0x50, 0x4E, 0x47])
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }

    @Test func theRenderedMessagePageHasItsHeadingsAndTheTextPart() async throws {
        try await withPreview { preview in
            let page = try await Self.browse(["--dump-dom", preview.address.url + "messages/1"])
            #expect(page.status == 0, "\(page.stderr)")
            let dom = page.output
            #expect(dom.contains("<h1>Social innovation digest, 20 March – 20 April 2019</h1>"))
            for heading in ["HTML part", "Plain-text part", "Headers", "Raw source"] {
                #expect(dom.contains(">\(heading)</h2>"), "the page has the heading \(heading)")
            }
            #expect(dom.contains("<iframe class=\"message\""))
            #expect(dom.contains("cooperation\n-----------"))

            let mail = try await Self.browse(["--dump-dom", preview.address.url + "messages/1/html"])
            let html = mail.output
            #expect(html.contains(">Social innovation digest</h1>"))
            for section in ["cooperation", "social innovation", "knowledge society"] {
                #expect(html.contains(">\(section)</h2>"), "the message has the section \(section)")
            }
            #expect(html.contains(">Bologna is 22nd city to sign pledge to the EU Pillar of Social Rights</h3>"))
        }
    }

    @Test(arguments: [
        ("preview-desktop.png", "messages/1", 1280, 1800),
        ("preview-phone.png", "messages/1/html", 390, 1400),
    ])
    func screenshotsAtDesktopAndPhoneWidth(file: String, path: String, width: Int, height: Int) async throws {
        try FileManager.default.createDirectory(at: Self.shots, withIntermediateDirectories: true)
        let target = Self.shots.appendingPathComponent(file)
        try await withPreview { preview in
            let result = try await Self.browse([
                "--screenshot=\(target.path)", "--window-size=\(width),\(height)", preview.address.url + path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let (shotWidth, shotHeight) = try Self.pngSize(target)
            #expect(shotWidth == width && shotHeight == height)
            #expect(try Data(contentsOf: target).count > 20_000, "the screenshot is not blank")
        }
    }
}

/// Where Debian's Chromium is.
enum Chromium {
    /// The executable, if installed (`Scripts/setup --test` installs it).
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}
