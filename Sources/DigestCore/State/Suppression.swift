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
