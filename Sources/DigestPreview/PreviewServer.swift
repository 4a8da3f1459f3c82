package import DigestCore
import FlyingFox
import FlyingSocks
import Foundation

/// Serves a ``PreviewLibrary`` over HTTP on 127.0.0.1 only, and rebuilds it when a watched
/// file changes so that open pages reload.
package actor PreviewServer {
    /// Where the server listens.
    package struct Address: Sendable, Equatable, CustomStringConvertible {
        /// The numeric IPv4 address bound: always the loopback address.
        package let host: String
        /// The TCP port bound.
        package let port: UInt16

        /// `http://127.0.0.1:8025/`.
        package var url: String { "http://\(host):\(port)/" }

        /// `127.0.0.1:8025`.
        package var description: String { "\(host):\(port)" }
    }

    /// The only address the preview binds: nothing outside this machine can reach it.
    package static let loopback = "127.0.0.1"

    private let library: PreviewLibrary
    private let port: UInt16
    private let watching: [String]
    private let pollInterval: Duration
    private let onRebuild: @Sendable (PreviewLibrary.Snapshot) -> Void
    private var http: HTTPServer?
    private var serving: Task<Void, Never>?
    private var watcher: FileWatcher?

    /// Creates a server; nothing listens until ``start()``.
    ///
    /// - Parameters:
    ///   - library: the digests to serve.
    ///   - port: the TCP port on 127.0.0.1; 0 takes a free one.
    ///   - watching: files and folders whose changes trigger a rebuild.
    ///   - pollInterval: how often their modification times are compared (on a thread of its own).
    ///   - onRebuild: told about every rebuild, on the watcher's thread, e.g. to print a template error.
    package init(
        library: PreviewLibrary, port: UInt16, watching: [String] = [], pollInterval: Duration = .milliseconds(250),
        onRebuild: @escaping @Sendable (PreviewLibrary.Snapshot) -> Void = { _ in }
    ) {
        self.library = library
        self.port = port
        self.watching = watching
        self.pollInterval = pollInterval
        self.onRebuild = onRebuild
    }

    /// Binds 127.0.0.1, starts serving and watching, and returns the address bound once the
    /// listener is up (it waits for the listener, it does not poll).
    ///
    /// - Throws: ``DigestError/previewUnavailable(address:reason:)`` when the port is taken.
    package func start() async throws(DigestError) -> Address {
        let wanted = "\(Self.loopback):\(port)"
        let server: HTTPServer
        do {
            server = HTTPServer(
                address: try .inet(ip4: Self.loopback, port: port), timeout: 15, logger: .disabled,
                handler: PreviewRouter(library: library))
        } catch {
            throw .previewUnavailable(address: wanted, reason: "\(error)")
        }
        http = server
        // Whichever comes first: the listener is up, the server failed, or ten seconds passed.
        let (events, event) = AsyncStream.makeStream(of: StartEvent.self)
        serving = Task {
            do {
                try await server.run()
            } catch {
                event.yield(.failed(error))
            }
        }
        let listening = Task {
            do {
                try await server.waitUntilListening(timeout: 10)
                event.yield(.listening)
            } catch {
                event.yield(.timedOut)
            }
        }
        defer { listening.cancel() }
        for await happened in events {
            switch happened {
            case .failed(let error):
                throw .previewUnavailable(address: wanted, reason: Self.reason(error))
            case .timedOut:
                throw .previewUnavailable(
                    address: wanted, reason: "the server did not start listening within 10 seconds")
            case .listening:
                guard case .ip4(let host, let bound)? = await server.listeningAddress else {
                    throw .previewUnavailable(address: wanted, reason: "the server listens on an unexpected address")
                }
                await startWatching()
                return Address(host: host, port: bound)
            }
        }
        throw .previewUnavailable(address: wanted, reason: "the server stopped before it listened")
    }

    /// Stops watching, closes the listening socket and ends open connections.
    package func stop() async {
        await watcher?.stop()
        watcher = nil
        await http?.stop(timeout: 0.2)
        serving?.cancel()
        await serving?.value
        serving = nil
        http = nil
    }

    /// What ``start()`` waits for.
    private enum StartEvent: Sendable {
        case listening
        case failed(any Error)
        case timedOut
    }

    /// Starts the watcher thread, which rebuilds the library on that thread after a change.
    private func startWatching() async {
        guard !watching.isEmpty else { return }
        let library = library
        let paths = watching
        let interval = pollInterval
        let onRebuild = onRebuild
        watcher = await onThreadOfItsOwn {
            FileWatcher(paths: paths, interval: interval) { onRebuild(library.rebuild()) }
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let socket = error as? SocketError, case .failed(_, let errno, let message) = socket {
            return errno == EADDRINUSE ? "the port is already in use" : message
        }
        return "\(error)"
    }
}
