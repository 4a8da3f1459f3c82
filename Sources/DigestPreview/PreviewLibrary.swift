package import DigestCore
import Foundation

/// The digests the preview serves, rebuilt on request; a failed build keeps the last good
/// messages and records the error for the pages to show.
///
/// Building reads files and may fetch feeds for up to a minute, so it blocks: ``rebuild()``
/// runs on the caller's thread (the server's watcher thread), ``load(_:)`` on a thread of its
/// own, never on Swift concurrency's pool. Pages read ``snapshot`` at any time.
package final class PreviewLibrary: @unchecked Sendable {
    /// Builds the digests from the current files.
    package typealias Build = @Sendable () throws(DigestError) -> PreviewContent

    /// One state of the library, as pages see it.
    package struct Snapshot: Sendable {
        /// Increases with every build, good or failed; pages reload when it changes.
        package let version: Int
        /// The last good build (empty before the first one succeeds).
        package let content: PreviewContent
        /// Why the latest build failed, or nil when it succeeded.
        package let error: DigestError?
    }

    private let build: Build
    /// Keeps two rebuilds from running at once, so versions follow the order of the builds.
    private let building = NSLock()
    /// Guards `current`.
    private let lock = NSLock()
    private var current: Snapshot

    /// Creates a library and builds it once, on the calling thread.
    ///
    /// - Parameter build: reads the sources and templates and composes the messages.
    package init(build: @escaping Build) {
        self.build = build
        self.current = PreviewLibrary.make(version: 1, build: build, previous: nil)
    }

    /// Creates a library and builds it once on a thread of its own.
    package static func load(_ build: @escaping Build) async -> PreviewLibrary {
        await onThreadOfItsOwn { PreviewLibrary(build: build) }
    }

    /// The current state.
    package var snapshot: Snapshot { lock.withLock { current } }

    /// Builds again from the files as they are now, blocking the calling thread meanwhile.
    @discardableResult
    package func rebuild() -> Snapshot {
        building.withLock {
            let previous = snapshot
            let next = PreviewLibrary.make(version: previous.version + 1, build: build, previous: previous.content)
            lock.withLock { current = next }
            return next
        }
    }

    private static func make(version: Int, build: Build, previous: PreviewContent?) -> Snapshot {
        do {
            return Snapshot(version: version, content: try build(), error: nil)
        } catch {
            return Snapshot(version: version, content: previous ?? PreviewContent(messages: []), error: error)
        }
    }
}
