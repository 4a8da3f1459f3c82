/// Why talking to the SMTP server failed; each case a sentence naming what the server said.
package enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be made.
    case connectFailed(server: String, reason: String)
    /// The server closed the connection (or it broke) while we waited for a reply.
    case connectionLost(server: String)
    /// The server did not answer within the timeout.
    case timedOut(server: String, seconds: Int)
    /// The TLS handshake failed, for instance a certificate that does not verify.
    case tls(server: String, reason: String)
    /// The server refused a step of the session (greeting, EHLO, STARTTLS, AUTH).
    case refused(server: String, step: String, reply: SMTPReply)
    /// The session cannot be made safely as configured.
    case unsafe(server: String, reason: String)
    /// The server sent something that is not an SMTP reply.
    case malformedReply(server: String, reason: String)

    /// Whether trying again (later, or on a new connection) may help.
    package var isTransient: Bool {
        switch self {
        case .connectFailed, .connectionLost, .timedOut, .malformedReply: true
        case .refused(_, _, let reply): reply.isTransient
        case .tls, .unsafe: false
        }
    }

    package var description: String {
        switch self {
        case .connectFailed(let server, let reason): "cannot connect to \(server): \(reason)"
        case .connectionLost(let server): "\(server) closed the connection"
        case .timedOut(let server, let seconds): "\(server) did not answer within \(seconds) seconds"
        case .tls(let server, let reason): "TLS with \(server) failed: \(reason)"
        case .refused(let server, let step, let reply): "\(server) refused \(step): \(reply)"
        case .unsafe(let server, let reason): "will not talk to \(server): \(reason)"
        case .malformedReply(let server, let reason): "\(server): \(reason)"
        }
    }
}
