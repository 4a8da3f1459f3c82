package import Foundation

/// An address that must never get mail from the list again, and why.
package struct Suppression: Sendable, Equatable {
    /// Why an address is suppressed.
    package enum Reason: String, Sendable, Codable, CaseIterable {
        /// The reader unsubscribed (a link, a one-click POST, a mail).
        case unsubscribe
        /// Mail to the address bounced for good.
        case bounce
        /// The reader marked the list as spam.
        case complaint
        /// The editor suppressed it with `digest suppress`.
        case manual
    }

    /// The address, lower-cased (suppressions match regardless of case).
    package let address: String
    /// Why.
    package let reason: Reason
    /// Since when.
    package let since: Date
}

/// The validators a feed host gave with its last answer, sent back to ask "has it changed?".
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
}
