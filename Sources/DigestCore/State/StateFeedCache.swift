import Foundation

/// The state store as a ``FeedCache``: a build keeps its http(s) feeds' validators and bodies
/// in the state file, for the next build's conditional requests.
///
/// The store is opened when a feed first needs it, so a build that reads no feed over http(s)
/// never touches the state file; looking up a feed does not create the file, keeping one does
/// (as ``StateStore/open(at:messages:)`` creates any store).
package final class StateFeedCache: FeedCache {
    /// The state file.
    package let path: String
    /// The output folder whose state it is.
    package let messages: String?
    private let store = LockedBox<StateStore?>(nil)

    /// A cache in the state file at `path`, the store of the output folder `messages`.
    package init(stateFile path: String, messages folder: String?) {
        self.path = path
        self.messages = folder
    }

    package func keptAnswer(for url: String) throws(DigestError) -> KeptFeedAnswer? {
        guard let store = try opened(creating: false) else { return nil }
        return try store.feedValidators(for: url)
    }

    package func keep(_ answer: KeptFeedAnswer, for url: String) throws(DigestError) {
        try opened(creating: true)?.setFeedValidators(
            answer.validators, body: answer.body, contentType: answer.contentType, for: url)
    }

    /// The store, opened once; nil when it does not exist and `creating` is false (a folder
    /// that lost its state file is still an error, as it is for every other use).
    private func opened(creating: Bool) throws(DigestError) -> StateStore? {
        let result: Result<StateStore?, DigestError> = store.withLock { store in
            if let store { return .success(store) }
            if !creating, !FileManager.default.fileExists(atPath: path) {
                let marker = messages.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + StateStore.markerName }
                if marker.map(FileManager.default.fileExists(atPath:)) != true { return .success(nil) }
            }
            do throws(DigestError) {
                store = try StateStore.open(at: path, messages: messages)
                return .success(store)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
