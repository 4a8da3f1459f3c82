import DigestCore
import DigestTestSupport
import Foundation
import Logging

@testable import DigestServe

/// A state store in a scratch folder of its own: a real SQLite file, removed with the folder.
struct ScratchStore: Sendable {
    let folder: URL
    let store: StateStore

    init() throws {
        folder = try TestFiles.scratchFolder()
        store = try StateStore.open(at: folder.appendingPathComponent("digest.sqlite").path, messages: nil)
    }

    /// Whether `address` is suppressed (read on a thread of its own).
    func isSuppressed(_ address: String) async throws -> Bool { try await store.checkSuppressed(address) }

    /// Every suppressed address.
    func suppressed() async throws -> [String] {
        try await onThreadOfItsOwn { () throws(DigestError) in try store.suppressions().map(\.address) }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// Log lines kept in memory, to check what the server logs.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [String] = []

    func append(_ line: String) { lock.withLock { kept.append(line) } }

    /// Every line logged so far.
    var lines: [String] { lock.withLock { kept } }

    /// A log handler writing here (a value, as swift-log expects: its level is its own).
    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) { log.append(event.message.description) }
    }
}

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
