/// How an item's image (``ItemImage``) is drawn in the HTML part: no wider than the column
/// (its declared width, capped, with the height scaled to match; as wide as the column when
/// no size is known), with its alt text, linked like the title.
enum ItemPicture {
    /// The values `{{#image}}` gives a template: `url`, `alt`, `width` (pixels or `100%`),
    /// `height` (only with a declared size) and `style`.
    static func context(_ image: ItemImage) -> [String: Any] {
        var values: [String: Any] = ["url": image.url, "alt": image.alt]
        guard let declared = image.width else {
            values["width"] = "100%"
            values["style"] = InlineStyle.fluidImage
            return values
        }
        let width = min(declared, InlineStyle.columnWidth)
        values["width"] = "\(width)"
        if let height = image.height { values["height"] = "\(max(1, (height * width + declared / 2) / declared))" }
        values["style"] = InlineStyle.sizedImage + "width:\(width)px;"
        return values
    }

    /// About how many bytes of HTML the image adds to an item, for the size budget.
    static func bytes(_ image: ItemImage) -> Int {
        image.url.utf8.count + image.alt.utf8.count + 2 * 40 + 200
    }
}
