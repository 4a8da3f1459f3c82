/// The validators a feed host gave with its last answer, sent back to ask "has it changed?"
/// (`If-None-Match`, `If-Modified-Since`).
public struct FeedValidators: Sendable, Equatable {
    /// The `ETag` header of the last answer, as given (quotes and `W/` included).
    public var etag: String?
    /// The `Last-Modified` header of the last answer, as given.
    public var lastModified: String?

    /// Creates validators.
    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    /// Whether there is nothing to send back.
    public var isEmpty: Bool { etag == nil && lastModified == nil }
}
