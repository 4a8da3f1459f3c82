internal import Yams

/// What `smtp:` in `digest.yml` says: the relay `digest send --smtp` submits to.
package struct SMTPConfiguration: Hashable, Sendable {
    /// The server's host name or address.
    package var host: String
    /// The port; nil for the TLS mode's usual port (587, or 465 with implicit TLS).
    package var port: Int?
    /// The account, when the server wants AUTH (the password never goes in the file).
    package var user: String?
    /// `starttls` (the default), `implicit`, `none-on-loopback`, or `insecure` (TLS as the
    /// port implies, without verifying the certificate).
    package var tls: String?
    /// Connections at once (default 4).
    package var connections: Int?
    /// Messages per second (default: as fast as the server takes them).
    package var rate: Double?
    /// Seconds to wait for any one reply.
    package var timeout: Int?
    /// A PEM file of certificates to trust instead of the system's.
    package var caFile: String?

    /// The keys of `smtp:`.
    package static let keys = ["host", "port", "user", "tls", "connections", "rate", "timeout", "ca-file"]
    /// The values of `tls:`.
    package static let tlsModes = ["starttls", "implicit", "none-on-loopback", "insecure"]

    /// Creates a configuration for `host`.
    package init(host: String) {
        self.host = host
    }
}

/// What `dkim:` in `digest.yml` says: how `digest send` signs.
package struct DKIMConfiguration: Hashable, Sendable {
    /// The signing domain (`d=`).
    package var domain: String
    /// The selector (`s=`).
    package var selector: String
    /// The private key's PEM file.
    package var key: String

    /// The keys of `dkim:`.
    package static let keys = ["domain", "selector", "key"]

    /// Creates a configuration.
    package init(domain: String, selector: String, key: String) {
        self.domain = domain
        self.selector = selector
        self.key = key
    }
}

/// Reads `smtp:` and `dkim:`.
enum DeliveryConfigurationReader {
    static func smtp(_ node: Node, path: (String) -> String) throws(YAMLProblem) -> SMTPConfiguration {
        var host: String?
        var configuration = SMTPConfiguration(host: "")
        for entry in try YAMLNodes.entries(node, what: "smtp") {
            let (key, value) = (entry.key, entry.value)
            switch key {
            case "host":
                let text = try YAMLNodes.string(value, key: key).trimmingWhitespace
                guard !text.isEmpty, !text.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                    throw YAMLProblem(line: entry.line, key: key, message: "a host name or address, not “\(text)”")
                }
                host = text
            case "port": configuration.port = try YAMLNodes.int(value, key: key, range: 1...65535)
            case "user": configuration.user = try YAMLNodes.string(value, key: key).trimmingWhitespace
            case "tls":
                let text = try YAMLNodes.string(value, key: key).trimmingWhitespace.lowercased()
                guard SMTPConfiguration.tlsModes.contains(text) else {
                    throw YAMLProblem(
                        line: entry.line, key: key,
                        message: "one of \(SMTPConfiguration.tlsModes.joined(separator: ", ")), not “\(text)”")
                }
                configuration.tls = text
            case "connections": configuration.connections = try YAMLNodes.int(value, key: key, range: 1...64)
            case "rate":
                let text = try YAMLNodes.string(value, key: key)
                guard let rate = Double(text), rate > 0 else {
                    throw YAMLProblem(
                        line: entry.line, key: key, message: "messages per second, above 0, not “\(text)”")
                }
                configuration.rate = rate
            case "timeout": configuration.timeout = try YAMLNodes.int(value, key: key, range: 1...3600)
            case "ca-file": configuration.caFile = path(try YAMLNodes.string(value, key: key).trimmingWhitespace)
            default:
                throw YAMLProblem(line: entry.line, key: key, message: "an allowed key", known: SMTPConfiguration.keys)
            }
        }
        guard let host else {
            throw YAMLProblem(line: YAMLNodes.line(node), key: "smtp", message: "a mapping with host:")
        }
        configuration.host = host
        return configuration
    }

    static func dkim(_ node: Node, path: (String) -> String) throws(YAMLProblem) -> DKIMConfiguration {
        var values: [String: String] = [:]
        for entry in try YAMLNodes.entries(node, what: "dkim") {
            guard DKIMConfiguration.keys.contains(entry.key) else {
                throw YAMLProblem(
                    line: entry.line, key: entry.key, message: "an allowed key", known: DKIMConfiguration.keys)
            }
            values[entry.key] = try YAMLNodes.string(entry.value, key: entry.key).trimmingWhitespace
        }
        guard let domain = values["domain"], let selector = values["selector"], let key = values["key"],
            !domain.isEmpty, !selector.isEmpty, !key.isEmpty
        else {
            throw YAMLProblem(
                line: YAMLNodes.line(node), key: "dkim",
                message: "a mapping with domain:, selector: and key: (a PEM file)")
        }
        return DKIMConfiguration(domain: domain, selector: selector, key: path(key))
    }
}
