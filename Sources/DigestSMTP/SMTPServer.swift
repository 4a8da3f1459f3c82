package import DigestCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where and how to submit mail: the server, its TLS, the account.
package struct SMTPServer: Sendable, Equatable {
    /// How the connection is protected.
    package enum Security: String, Sendable, CaseIterable {
        /// Plain connection, then STARTTLS (RFC 3207) before anything else; required.
        case startTLS = "starttls"
        /// TLS from the first byte (port 465, RFC 8314).
        case implicitTLS = "implicit"
        /// No TLS at all: only allowed to a loopback address.
        case none = "none-on-loopback"
    }

    /// The server's host name or address.
    package var host: String
    /// The server's port.
    package var port: Int
    /// STARTTLS, implicit TLS or none.
    package var security: Security
    /// The account for AUTH, if any.
    package var user: String?
    /// The account's password (never from the command line or a file in the repository).
    package var password: String?
    /// A PEM file of certificates to trust instead of the system's trust store (tests,
    /// private CAs).
    package var caFile: String?
    /// Whether to skip certificate verification: `tls: insecure`, only by explicit choice.
    package var insecure: Bool
    /// How long to wait for any one reply.
    package var timeout: Duration
    /// The name we give in EHLO.
    package var helo: String
    /// The AUTH mechanisms we use, in order of preference, when the server offers them.
    package var authMechanisms = ["PLAIN", "LOGIN"]

    /// Creates a server description.
    package init(
        host: String, port: Int, security: Security, user: String? = nil, password: String? = nil,
        caFile: String? = nil, insecure: Bool = false, timeout: Duration = .seconds(60), helo: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.user = user
        self.password = password
        self.caFile = caFile
        self.insecure = insecure
        self.timeout = timeout
        self.helo = helo ?? SMTPServer.localName()
    }

    /// Parses `smtp://user@host:587` (STARTTLS) or `smtps://user@host:465` (implicit TLS).
    /// The user is optional; the port defaults to 587 and 465. `smtp://127.0.0.1:2525?tls=none-on-loopback`
    /// asks for plain text, as `tls: none-on-loopback` does in `digest.yml`, and only to a loopback
    /// address (refused here for any other host); `?tls=starttls` is the default said out loud.
    ///
    /// - Throws: ``DigestError/invalidListSetting(_:reason:)`` naming what is wrong.
    package init(url: String) throws(DigestError) {
        let security: Security
        let rest: Substring
        if url.hasPrefix("smtp://") {
            security = .startTLS
            rest = url.dropFirst("smtp://".count)
        } else if url.hasPrefix("smtps://") {
            security = .implicitTLS
            rest = url.dropFirst("smtps://".count)
        } else {
            throw .invalidListSetting(url, reason: "an SMTP server is smtp://user@host:587 or smtps://user@host:465")
        }
        var authority = rest.prefix { $0 != "/" && $0 != "?" }
        let query = rest.drop { $0 != "?" }.dropFirst()
        var requested = security
        for parameter in query.split(separator: "&") {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, pair[0] == "tls", let value = Security(rawValue: String(pair[1])),
                value != .implicitTLS || security == .implicitTLS
            else {
                throw .invalidListSetting(
                    url, reason: "the only query an smtp:// URL takes is ?tls=starttls or ?tls=none-on-loopback")
            }
            guard security == .startTLS || value == .implicitTLS else {
                throw .invalidListSetting(url, reason: "smtps:// is TLS from the first byte; use smtp:// with ?tls=")
            }
            requested = value
        }
        var user: String?
        if let at = authority.lastIndex(of: "@") {
            user = String(authority[..<at]).removingPercentEscapes()
            if user!.contains(":") {
                throw .invalidListSetting(
                    url, reason: "a password does not go in the URL; set DIGEST_SMTP_PASSWORD or --smtp-password-file")
            }
            authority = authority[authority.index(after: at)...]
        }
        var host = String(authority)
        var port = security == .implicitTLS ? 465 : 587
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw .invalidListSetting(url, reason: "the [address] is not closed")
            }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()) else {
                    throw .invalidListSetting(url, reason: "the port is not a number")
                }
                port = number
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let number = Int(host[host.index(after: colon)...]) else {
                throw .invalidListSetting(url, reason: "the port is not a number")
            }
            port = number
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw .invalidListSetting(url, reason: "it names no host") }
        guard (1...65535).contains(port) else { throw .invalidListSetting(url, reason: "the port is not 1…65535") }
        self.init(host: host, port: port, security: requested, user: user.flatMap { $0.isEmpty ? nil : $0 })
        guard requested != .none || isLoopback else {
            throw .invalidListSetting(url, reason: "tls=none-on-loopback is only allowed to a loopback address")
        }
    }

    /// `host:port`, for messages.
    package var name: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost).
    package var isLoopback: Bool {
        let lower = host.lowercased()
        if lower == "localhost" || lower == "::1" { return true }
        let parts = lower.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// This machine's host name, for EHLO.
    static func localName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}

extension String {
    fileprivate func removingPercentEscapes() -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(self.utf8)
        var position = 0
        while position < utf8.count {
            if utf8[position] == UInt8(ascii: "%"), position + 2 < utf8.count,
                let value = UInt8(String(decoding: utf8[(position + 1)...(position + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                position += 3
            } else {
                bytes.append(utf8[position])
                position += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
