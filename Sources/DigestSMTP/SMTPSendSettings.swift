package import DigestCore
import Foundation

/// Everything `digest send --smtp` needs, put together from the command line and `digest.yml`
/// (the command line wins), with the password from the environment or a file only.
package struct SMTPSendSettings: Sendable {
    /// The server, password included.
    package var server: SMTPServer
    /// Connections, rate, retries.
    package var delivery: SMTPTransport.Settings

    /// The environment variable the password is read from.
    package static let passwordVariable = "DIGEST_SMTP_PASSWORD"

    /// Combines the sources.
    ///
    /// - Parameters:
    ///   - url: `--smtp`, or nil for `smtp:` of the configuration.
    ///   - file: `smtp:` of `digest.yml`, if any.
    ///   - passwordFile: `--smtp-password-file`.
    ///   - caFile, connections, rate, timeout: the command line's values, if given.
    /// - Throws: ``DigestError`` naming what is missing or wrong.
    package init(
        url: String?, file: SMTPConfiguration?, passwordFile: String?, caFile: String?, connections: Int?,
        rate: Double?, timeout: Int?, environment: [String: String]? = nil
    ) throws(DigestError) {
        var server: SMTPServer
        if let url {
            server = try SMTPServer(url: url)
        } else if let file {
            let tls = file.tls ?? "starttls"
            let security: SMTPServer.Security
            switch tls {
            case "implicit": security = .implicitTLS
            case "none-on-loopback": security = .none
            case "insecure": security = file.port == 465 ? .implicitTLS : .startTLS
            default: security = .startTLS
            }
            server = SMTPServer(
                host: file.host, port: file.port ?? (security == .implicitTLS ? 465 : 587), security: security,
                user: file.user)
            server.insecure = tls == "insecure"
        } else {
            throw .invalidListSetting("--smtp", reason: "give --smtp smtp://user@host:587 or set smtp: in digest.yml")
        }
        server.caFile = caFile ?? file?.caFile
        if let seconds = timeout ?? file?.timeout { server.timeout = .seconds(seconds) }
        if server.user != nil {
            if let passwordFile {
                guard let data = FileManager.default.contents(atPath: passwordFile) else {
                    throw .unreadable(path: passwordFile, reason: "the SMTP password file cannot be read")
                }
                server.password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
            } else if let password = (environment ?? ProcessInfo.processInfo.environment)[
                SMTPSendSettings.passwordVariable]
            {
                server.password = password
            } else {
                throw .invalidListSetting(
                    server.name,
                    reason:
                        "the SMTP user \(server.user!) needs a password: set \(SMTPSendSettings.passwordVariable) or give --smtp-password-file"
                )
            }
        }
        self.server = server
        self.delivery = SMTPTransport.Settings(
            connections: connections ?? file?.connections ?? 4, rate: rate ?? file?.rate)
    }
}
