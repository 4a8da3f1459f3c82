/// The validators a feed host gave with its last answer, sent back to ask "has it changed?"
/// (`If-None-Match`, `If-Modified-Since`).
package struct FeedValidators: Sendable, Equatable {
    /// The `ETag` header of the last answer, as given (quotes and `W/` included).
    package var etag: String?
    /// The `Last-Modified` header of the last answer, as given.
    package var lastModified: String?

    /// Creates validators.
    package init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    /// Whether there is nothing to send back.
    package var isEmpty: Bool { etag == nil && lastModified == nil }
}
