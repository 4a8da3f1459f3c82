import Foundation

/// Reads a JSON Feed 1.0 or 1.1 document (`{"version": "https://jsonfeed.org/version/1.1", "items": […]}`).
enum JSONFeed {
    /// The feed's fields and entries, or what is wrong with the document as a whole.
    ///
    /// Items with fields of the wrong type are left out, each with a diagnostic naming its index.
    static func parse(_ bytes: [UInt8], address: URL?, source: String) -> Result<
        (ParsedFeed, [Diagnostic]), JSONFeedError
    > {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            return .failure(.invalidJSON(JSONFeed.reason(error)))
        }
        guard let top = object as? [String: Any] else { return .failure(.notAFeed("the top level is not an object")) }
        guard let version = top["version"] as? String, version.hasPrefix("https://jsonfeed.org/version/") else {
            return .failure(.notAFeed("it has no “version” of https://jsonfeed.org/version/1.1"))
        }
        guard let items = top["items"] as? [Any] else {
            return .failure(.notAFeed("it has no “items” array"))
        }
        let home = (top["home_page_url"] as? String).flatMap { WebLink.resolve($0, against: address) }
        let base = home.flatMap { URL(string: $0) } ?? address
        var feed = ParsedFeed(title: top["title"] as? String, date: nil, base: base)
        var problems: [(Int, String)] = []
        for (offset, value) in items.enumerated() {
            let index = offset + 1
            guard let item = value as? [String: Any] else {
                problems.append((index, "item \(index) is not an object"))
                continue
            }
            if let wrong = [
                "id", "url", "external_url", "title", "content_html", "content_text", "summary",
                "date_published", "date_modified",
            ].first(where: { key in
                item[key] != nil && !(item[key] is String) && !(key == "id" && item[key] is NSNumber)
            }) {
                problems.append((index, "item \(index): “\(wrong)” should be a string"))
                continue
            }
            if let tags = item["tags"], !(tags is [String]) {
                problems.append((index, "item \(index): “tags” should be a list of strings"))
                continue
            }
            let link = (item["url"] as? String ?? item["external_url"] as? String)
                .flatMap { WebLink.resolve($0, against: base) }
            var html = item["content_html"] as? String
            if html == nil || html!.trimmingWhitespace.isEmpty {
                let text = item["content_text"] as? String ?? item["summary"] as? String
                html = text.map(PlainText.html)
            }
            let identifier = (item["id"] as? String) ?? (item["id"] as? NSNumber).map { "\($0)" }
            feed.entries.append(
                FeedEntry(
                    title: item["title"] as? String, link: link, html: html,
                    date: item["date_published"] as? String ?? item["date_modified"] as? String,
                    dateField: item["date_published"] != nil ? "date_published" : "date_modified",
                    categories: item["tags"] as? [String] ?? [],
                    base: link.flatMap { URL(string: $0) } ?? base,
                    identifier: identifier, line: nil, index: index,
                    image: FeedImage.of(jsonItem: item, base: base)))
        }
        return .success(
            (
                feed,
                problems.map { index, problem in
                    Diagnostic(location: SourceLocation(file: source), problem: problem, skipped: "item \(index)")
                }
            ))
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? nsError.localizedDescription
        return detail.trimmingCharacters(in: CharacterSet(charactersIn: ". \n"))
    }
}

/// What makes a JSON document unusable as a feed.
enum JSONFeedError: Error {
    /// The bytes are not JSON.
    case invalidJSON(String)
    /// JSON, but not a JSON Feed.
    case notAFeed(String)
}
