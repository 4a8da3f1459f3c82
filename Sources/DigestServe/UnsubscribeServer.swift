package import DigestCore
import Hummingbird
import HummingbirdCore
package import Logging
import NIOCore
import UnixSignals

/// `digest serve`: the public side of a list, behind a TLS-terminating reverse proxy.
///
/// `GET /unsubscribe?email=…&token=…` shows a page with one button; `POST` of the same link
/// (RFC 8058's one-click, or that button) records a suppression before it answers 200;
/// `POST /resubscribe?…` lifts it; `GET /healthz` says `ok`.
package struct UnsubscribeServer: Sendable {
    /// What the server needs to know.
    package struct Settings: Sendable {
        /// The address to listen on (an IP address; 127.0.0.1 behind a local proxy).
        package var host: String
        /// The port; 0 picks a free one.
        package var port: Int
        /// Proxies whose `Forwarded`/`X-Forwarded-For` headers name the client in the log.
        package var trustedProxies: [String]
        /// How long a request may take to arrive, head and body (against slowloris).
        package var requestTimeout: Duration
        /// The newsletter's name, shown on the pages.
        package var newsletter: String
        /// The pages' language: the list's.
        package var language: ReaderLanguage
        /// The token maker, with the same secret as the build.
        package var tokens: UnsubscribeToken

        /// Settings with the defaults of `digest serve`.
        package init(
            host: String = "127.0.0.1", port: Int = 8080, trustedProxies: [String] = [],
            requestTimeout: Duration = .seconds(10), newsletter: String, language: ReaderLanguage,
            tokens: UnsubscribeToken
        ) {
            self.host = host
            self.port = port
            self.trustedProxies = trustedProxies
            self.requestTimeout = requestTimeout
            self.newsletter = newsletter
            self.language = language
            self.tokens = tokens
        }
    }

    let settings: Settings
    let store: StateStore
    let logger: Logger

    /// A server recording suppressions in `store` and logging a line per request to `logger`.
    package init(settings: Settings, store: StateStore, logger: Logger) {
        self.settings = settings
        self.store = store
        self.logger = logger
    }

    /// Serves until the task is cancelled (or, with `stopOnSignals`, SIGTERM or SIGINT arrives).
    ///
    /// - Parameter onListening: called with the port once the server listens.
    package func run(stopOnSignals: Bool = false, onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws
    {
        let responder = UnsubscribeResponder(
            pages: UnsubscribePage(newsletter: settings.newsletter, language: settings.language),
            tokens: settings.tokens, store: store, clients: ClientAddress(trustedProxies: Set(settings.trustedProxies)),
            logger: logger)
        let timeout = TimeAmount.nanoseconds(
            settings.requestTimeout.components.seconds * 1_000_000_000 + settings.requestTimeout.components.attoseconds
                / 1_000_000_000)
        var channel = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestDeadlineHandler(timeout: timeout)], idleTimeout: timeout * 3)
        channel.httpDecoder = .init(
            maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100)
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .notice)
        let application = Application(
            responder: responder, server: .http1(configuration: channel),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: quiet)
        try await application.runService(gracefulShutdownSignals: stopOnSignals ? [.sigterm, .sigint] : [])
    }
}
