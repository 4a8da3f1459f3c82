import DigestCore
import DigestTestSupport
import Foundation
import Logging

@testable import DigestServe

/// `digest serve`'s server started on a free loopback port for one test, stopped after it.
struct ServerHarness: Sendable {
    /// The secret of every test token.
    static let secret = "a test secret, long enough to be one"
    let port: Int
    let scratch: ScratchStore
    let log: CapturedLog
    let tokens: UnsubscribeToken

    /// Runs `body` against a server started with `store`.
    static func with<T: Sendable>(
        language: ReaderLanguage = .english,
        requestTimeout: Duration = .seconds(10), trustedProxies: [String] = [],
        _ body: @Sendable (ServerHarness) async throws -> T
    ) async throws -> T {
        let tokens = try UnsubscribeToken(secret: secret)
        let scratch = try ScratchStore()
        defer { scratch.remove() }
        let log = CapturedLog()
        let logger = Logger(label: "digest.serve.test") { _ in CapturedLog.Handler(log: log) }
        let settings = UnsubscribeServer.Settings(
            port: 0, trustedProxies: trustedProxies, requestTimeout: requestTimeout, newsletter: "City Digest",
            language: language, tokens: tokens)
        let server = UnsubscribeServer(settings: settings, store: scratch.store, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let running = Task { try await server.run { continuation.yield($0) } }
        defer { running.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        let harness = ServerHarness(port: port, scratch: scratch, log: log, tokens: tokens)
        do {
            let result = try await body(harness)
            running.cancel()
            _ = try? await running.value
            return result
        } catch {
            running.cancel()
            _ = try? await running.value
            throw error
        }
    }

    /// Whether `address` is suppressed in the server's store.
    func isSuppressed(_ address: String) async throws -> Bool { try await scratch.isSuppressed(address) }

    /// How many addresses are suppressed.
    func suppressionCount() async throws -> Int { try await scratch.suppressed().count }

    /// The link the build puts in `address`'s messages, as a request target.
    func link(_ address: String, path: String = "/unsubscribe") -> String {
        let template = try! UnsubscribeLinkTemplate("https://list.example\(path)?email={email}&token={token}")
        return String(template.url(for: address, token: tokens).dropFirst("https://list.example".count))
    }

    /// A one-click POST of `target`, as a mail provider sends it.
    func oneClick(_ target: String, body: String = "List-Unsubscribe=One-Click") async throws -> RawHTTP.Answer {
        try await RawHTTP.request(
            "POST", target, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: body, port: port)
    }

    /// A GET of `target`.
    func get(_ target: String) async throws -> RawHTTP.Answer {
        try await RawHTTP.request("GET", target, port: port)
    }
}
