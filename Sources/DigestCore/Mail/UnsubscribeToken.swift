import Crypto
import Foundation

/// A per-reader unsubscribe token: HMAC-SHA256 of the lower-cased address under a secret
/// kept outside the repository, so nobody can unsubscribe someone else by guessing.
package struct UnsubscribeToken: Sendable {
    private let secret: [UInt8]

    /// The environment variable holding the secret.
    package static let environmentVariable = "DIGEST_UNSUBSCRIBE_SECRET"

    /// Creates a token maker from a secret of at least 16 bytes.
    ///
    /// - Throws: ``DigestError/missingSecret(_:)`` when the secret is too short.
    package init(secret: String) throws(DigestError) {
        let bytes = Array(secret.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard bytes.count >= 16 else {
            throw .missingSecret("the secret must be at least 16 characters long")
        }
        self.secret = bytes
    }

    /// Loads the secret from a file, else from `DIGEST_UNSUBSCRIBE_SECRET`.
    ///
    /// - Throws: ``DigestError/missingSecret(_:)`` when neither has one.
    package static func load(file: String?, environment: [String: String]) throws(DigestError) -> UnsubscribeToken {
        if let file {
            guard let data = FileManager.default.contents(atPath: file),
                let secret = String(data: data, encoding: .utf8)
            else { throw .missingSecret("cannot read the secret file \(file)") }
            return try UnsubscribeToken(secret: secret)
        }
        guard let secret = environment[environmentVariable], !secret.isEmpty else {
            throw .missingSecret(
                "set \(environmentVariable) or give a secret file; the unsubscribe link template uses {token}")
        }
        return try UnsubscribeToken(secret: secret)
    }

    /// The token for `address`: 128 bits of the HMAC, base64url without padding.
    package func token(for address: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(address.lowercased().utf8), using: SymmetricKey(data: secret))
        return Data(Array(mac).prefix(16)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `token` is the one for `address`, compared in constant time.
    package func verify(_ token: String, for address: String) -> Bool {
        let expected = Array(self.token(for: address).utf8)
        let given = Array(token.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// A personal unsubscribe URL made from a template such as
/// `https://city.example/unsubscribe?email={email}&token={token}`.
package struct UnsubscribeLinkTemplate: Sendable {
    /// The template text.
    package let template: String

    /// Creates a template; it must be an https or mailto URL.
    ///
    /// - Throws: ``DigestError/invalidListSetting(_:reason:)``.
    package init(_ template: String) throws(DigestError) {
        let lower = template.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") else {
            throw .invalidListSetting(template, reason: "an unsubscribe link must be an https: or mailto: URL")
        }
        self.template = template
    }

    /// What an address keeps unencoded in `{email}`: letters, digits and `-._~`.
    private static let unreserved: CharacterSet = {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return allowed
    }()

    /// Whether the template needs a token (and so a secret).
    package var needsToken: Bool { template.contains("{token}") }

    /// The URL for `address`.
    package func url(for address: String, token: UnsubscribeToken?) -> String {
        let email = address.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? address
        var url = template.replacingOccurrences(of: "{email}", with: email)
        if let token { url = url.replacingOccurrences(of: "{token}", with: token.token(for: address)) }
        return url
    }
}
