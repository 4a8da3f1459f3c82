/// The one table of inline styles the HTML body uses: every style a phone needs when the
/// mail client drops the `<style>` block (the Gmail app with a non-Google account does).
///
/// The summary renderer writes these on the Markdown elements of every summary, and the
/// templates see the same table as `{{s.<name>}}`, so each element kind has its style
/// written once, here, and not copied from template to template.
enum InlineStyle {
    /// Long words, URLs and lines of code break instead of widening the column:
    /// `overflow-wrap:anywhere` where it is known, `word-break:break-word` (WebKit, Blink,
    /// older Outlook.com) and `word-wrap` (the old name) as fallbacks.
    static let breakAnywhere = "overflow-wrap:anywhere;word-wrap:break-word;word-break:break-word;"

    /// The font stack of every text cell (Outlook does not inherit it into table cells).
    static let font = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"

    /// The widest an image in a summary is drawn, in CSS pixels: the 600 px card less its padding.
    static let columnWidth = 536

    /// Summary paragraphs.
    static let paragraph = "margin:0 0 12px 0;"
    /// Headings inside a summary, by their level in the summary (1 → `h4`, 2 → `h5`, 3+ →
    /// `h6`): always smaller than the item's title (`h3`, 19 px).
    static func heading(_ htmlLevel: Int) -> String {
        let size = htmlLevel <= 4 ? 17 : htmlLevel == 5 ? 16 : 15
        return "margin:16px 0 8px 0;font-size:\(size)px;line-height:1.35;font-weight:bold;"
    }
    /// Quoted passages.
    static let blockQuote = "margin:0 0 12px 0;padding:0 0 0 14px;border-left:3px solid #c9d3dd;color:#4b5560;"
    /// Code blocks: wrapped, never wider than the column.
    static let codeBlock =
        "margin:0 0 12px 0;padding:10px 12px;background-color:#f3f5f7;border-radius:4px;white-space:pre-wrap;"
        + breakAnywhere + "font-size:14px;line-height:1.45;"
    /// Code inside a sentence, and inside a code block.
    static let code = "font-family:Menlo,Consolas,'Courier New',monospace;font-size:14px;"
    /// Bullet and numbered lists.
    static let list = "margin:0 0 12px 0;padding:0 0 0 22px;"
    /// One list entry.
    static let listItem = "margin:0 0 4px 0;"
    /// A thematic break.
    static let rule = "border:0;border-top:1px solid #e3e7eb;margin:16px 0;height:0;"
    /// Links in a summary.
    static let link = "color:#0b5cad;"
    /// An image whose size is known: its width attribute holds, capped by the column.
    static let sizedImage = "display:block;max-width:100%;height:auto;border:0;"
    /// An image of unknown size: as wide as the column, never wider.
    static let fluidImage = "display:block;width:100%;max-width:100%;height:auto;border:0;"

    /// The styles the templates see as `{{s.<name>}}`.
    static let templateStyles: [String: String] = [
        "font": font, "breakAnywhere": breakAnywhere, "paragraph": paragraph, "link": link,
        "text": font + breakAnywhere,
    ]
}
