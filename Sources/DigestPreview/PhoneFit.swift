import Foundation

/// The phone-width check of a message's page: two hidden frames 375 px wide hold the HTML
/// part, as sent and without its `<style>` block (as the Gmail app shows it with a
/// non-Google account); the preview's own script measures each one's scroll width once it
/// has loaded and writes the verdict into the page. The frames are sandboxed like the shown
/// one (no script runs in the message); the script runs in the preview page, which is not
/// an email.
enum PhoneFit {
    /// The width measured: a phone held upright, in CSS pixels.
    static let width = 375

    /// The two ways the HTML part is measured.
    static let probes: [(name: String, query: String, label: String)] = [
        ("sent", "", "as sent"),
        ("unstyled", "?style=none", "without its &lt;style&gt; block (the Gmail app with a non-Google account)"),
    ]

    /// The verdicts (filled in by the script) and the hidden frames, for message `base`.
    static func render(base: String) -> String {
        let verdicts = probes.map { probe -> String in
            """
            <li data-probe="\(probe.name)" data-state="measuring">At \(width) px (a phone), \(probe.label): \
            <span class="verdict">measuring… (the preview’s script measures it)</span></li>
            """
        }.joined(separator: "\n")
        let frames = probes.map { probe -> String in
            """
            <iframe class="probe" data-probe="\(probe.name)" src="\(base)/html\(probe.query)" tabindex="-1" \
            title="" width="\(width)" height="700" \
            sandbox="allow-same-origin" referrerpolicy="no-referrer"></iframe>
            """
        }.joined(separator: "\n")
        return """
            <ul class="fit" id="phone-fit" data-width="\(width)">
            \(verdicts)
            </ul>
            <div class="probes" aria-hidden="true">
            \(frames)
            </div>

            """
    }

    /// `html` without its `<style>` elements.
    static func withoutStyleBlocks(_ html: String) -> String {
        var rest = Substring(html)
        var out = ""
        while let start = rest.range(of: "<style"),
            let end = rest.range(of: "</style>", range: start.upperBound..<rest.endIndex)
        {
            out += rest[..<start.lowerBound]
            rest = rest[end.upperBound...]
        }
        return out + rest
    }
}
