import Foundation
import Logging

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
