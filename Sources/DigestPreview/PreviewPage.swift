import DigestCore

/// The frame every preview page shares: head, top bar, the build's problems, the content.
enum PreviewPage {
    /// A whole page around `body`; `version` lets the page notice a new build.
    static func render(title: String, snapshot: PreviewLibrary.Snapshot, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en" data-version="\(snapshot.version)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLEscape.text(title)) · digest preview</title>
        <link rel="stylesheet" href="/preview.css">
        <script src="/preview.js" defer></script>
        </head>
        <body>
        <header class="bar"><a class="brand" href="/">digest preview</a>\
        <span class="where">build \(snapshot.version) · reloads when a template, source or setting changes</span>\
        </header>
        <main>
        \(problem(snapshot.error))\(body)
        </main>
        </body>
        </html>

        """
    }

    /// The latest build's error, with file, line and column when a template is at fault.
    static func problem(_ error: DigestError?) -> String {
        guard let error else { return "" }
        let detail: String
        if case .templateSyntax(let location, let column, let message) = error {
            let line = location.line.map { ", line \($0)" } ?? ""
            detail = """
                <p><code>\(HTMLEscape.text(location.file))</code>\(line), column \(column): \
                \(HTMLEscape.text(message)).</p>
                """
        } else {
            detail = "<p>\(HTMLEscape.text(error.description))</p>"
        }
        return """
            <section class="problem" role="alert"><h2>The digest did not build</h2>
            \(detail)
            <p class="muted">Fix the file and save: this page reloads by itself. Below is the last good build.</p>
            </section>

            """
    }

    /// The build's warnings about the HTML part's size (items left out for the budget, a part
    /// Gmail would clip), if any.
    static func sizeWarnings(_ lines: [String]) -> String {
        guard !lines.isEmpty else { return "" }
        let items = lines.map { line -> String in "<li>\(HTMLEscape.text(line))</li>" }.joined(separator: "\n")
        return """
            <section class="notice" role="status"><h2>The HTML part’s size</h2>
            <ul>
            \(items)
            </ul></section>

            """
    }

    /// Items skipped by the sources and rows of the subscriber list rejected, if any.
    static func warnings(_ lines: [String]) -> String {
        guard !lines.isEmpty else { return "" }
        let items = lines.map { line -> String in "<li><code>\(HTMLEscape.text(line))</code></li>" }.joined(
            separator: "\n")
        return """
            <details class="warnings"><summary>\(Counted.phrase(lines.count, "warning")): \
            input skipped (items of the sources, rows of the subscriber list)</summary>
            <ul>
            \(items)
            </ul></details>

            """
    }
}
