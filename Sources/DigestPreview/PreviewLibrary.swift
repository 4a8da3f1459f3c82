public import DigestCore

/// The digests the preview serves, rebuilt on request; a failed build keeps the last good
/// messages and records the error for the pages to show.
public actor PreviewLibrary {
    /// Builds the digests from the current files.
    public typealias Build = @Sendable () throws(DigestError) -> PreviewContent

    /// One state of the library, as pages see it.
    public struct Snapshot: Sendable {
        /// Increases with every build, good or failed; pages reload when it changes.
        public let version: Int
        /// The last good build (empty before the first one succeeds).
        public let content: PreviewContent
        /// Why the latest build failed, or nil when it succeeded.
        public let error: DigestError?
    }

    private let build: Build
    private var current: Snapshot

    /// Creates a library and builds it once.
    ///
    /// - Parameter build: reads the sources and templates and composes the messages.
    public init(build: @escaping Build) {
        self.build = build
        self.current = PreviewLibrary.make(version: 1, build: build, previous: nil)
    }

    /// The current state.
    public var snapshot: Snapshot { current }

    /// Builds again from the files as they are now.
    @discardableResult
    public func rebuild() -> Snapshot {
        current = PreviewLibrary.make(version: current.version + 1, build: build, previous: current.content)
        return current
    }

    private static func make(version: Int, build: Build, previous: PreviewContent?) -> Snapshot {
        do {
            return Snapshot(version: version, content: try build(), error: nil)
        } catch {
            return Snapshot(version: version, content: previous ?? PreviewContent(messages: []), error: error)
        }
    }
}
