import ArgumentParser
import DigestCore
import DigestServe
import Foundation
import Logging

extension DigestCommand {
    /// `digest serve`: the list's public side, RFC 8058 one-click unsubscribes, behind a proxy.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Answer the unsubscribe links of the messages (RFC 8058 one-click), behind a reverse proxy.",
            usage: "digest serve [--listen <host:port>] [--trusted-proxy <ip> ...] [--state <file>] [--config <path>]",
            discussion: """
                Serves POST /unsubscribe?email=…&token=… (the one-click POST of a mail client, \
                or the button of the page GET shows), POST /resubscribe?… and GET /healthz on \
                plain HTTP, for a TLS-terminating reverse proxy (Caddy, nginx) in front. The \
                token is checked with the build's secret (--secret-file or \
                $DIGEST_UNSUBSCRIBE_SECRET); a suppression is in the state store before the 200 \
                is sent, and every later build and send leaves the reader out. One log line per \
                request on stderr, without tokens or whole addresses. SIGTERM or Ctrl-C stops.
                """
        )

        @Option(help: ArgumentHelp("The address and port to listen on.", valueName: "host:port"))
        var listen: String = "127.0.0.1:8080"

        @Option(
            name: .customLong("trusted-proxy"),
            help: ArgumentHelp(
                "A proxy whose X-Forwarded-For/Forwarded headers name the client in the log; repeat for several.",
                valueName: "ip"))
        var trustedProxies: [String] = []

        @Option(
            help: ArgumentHelp(
                "Seconds a request may take to arrive, head and body, before the connection is closed.",
                valueName: "seconds"))
        var requestTimeout: Int = 10

        @Option(
            help: ArgumentHelp(
                "The file holding the unsubscribe secret. Default: $DIGEST_UNSUBSCRIBE_SECRET.", valueName: "file"))
        var secretFile: String?

        @OptionGroup var list: ListOptions

        func validate() throws {
            guard ListenAddress(listen) != nil else {
                throw ValidationError("--listen needs an IP address and a port, like 127.0.0.1:8080 or [::1]:8080.")
            }
            guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be at least 1 second.") }
        }

        func run() async throws {
            let address = ListenAddress(listen)!
            let tokens = try UnsubscribeToken.load(file: secretFile, environment: ProcessInfo.processInfo.environment)
            let facts = try list.facts()
            let suppressions = try list.openStore(facts)
            LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
            let logger = Logger(label: "digest.serve")
            let settings = UnsubscribeServer.Settings(
                host: address.host, port: address.port, trustedProxies: trustedProxies,
                requestTimeout: .seconds(requestTimeout), newsletter: facts.name, language: facts.language,
                tokens: tokens)
            try await UnsubscribeServer(settings: settings, store: suppressions, logger: logger).run(
                stopOnSignals: true
            ) { port in
                Console.say("Serving unsubscribes on http://\(address.host):\(port) (Ctrl-C stops).")
            }
        }
    }
}

/// `host:port` or `[v6]:port`, as `--listen` takes it.
struct ListenAddress {
    let host: String
    let port: Int

    init?(_ text: String) {
        var host: Substring
        let port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            port = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        if host == "localhost" { host = "127.0.0.1" }
        guard let number = Int(port), (0...65535).contains(number), !host.isEmpty,
            host.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" })
        else { return nil }
        self.host = String(host)
        self.port = number
    }
}
