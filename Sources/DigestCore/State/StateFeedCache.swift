import Foundation

/// The state store as a ``FeedCache``: a build keeps its http(s) feeds' validators and parsed
/// documents in the state file, for the next build's conditional requests.
///
/// The store is the one a build already opened, or is opened when a feed first needs it, so a
/// build that reads no feed over http(s) never touches the state file; looking up a feed does
/// not create the file, keeping one does (as ``StateStore/open(at:messages:)`` creates any store).
///
/// Kept answers no build used for ``unusedDays`` days are pruned, once per cache, before its first
/// write: feeds no longer configured (or listed, or linked from a configured page) stop taking room.
package final class StateFeedCache: FeedCache {
    /// The state file.
    package let path: String
    /// The output folder whose state it is.
    package let messages: String?
    /// How many days an answer no build used is kept.
    package static let unusedDays = 90

    private struct Opened {
        var store: StateStore?
        var pruned = false
    }
    private let opened = LockedBox(Opened())

    /// A cache in the state file at `path`, the store of the output folder `messages`.
    package init(stateFile path: String, messages folder: String?) {
        self.path = path
        self.messages = folder
    }

    /// A cache in `store`, already open.
    package init(store: StateStore) {
        self.path = store.path
        self.messages = nil
        opened.value = Opened(store: store)
    }

    package func keptAnswer(for url: String) throws(DigestError) -> KeptFeedAnswer? {
        guard let store = try store(creating: false) else { return nil }
        return try store.feedValidators(for: url)
    }

    package func keep(_ answer: KeptFeedAnswer, for url: String) throws(DigestError) {
        try store(creating: true)?.setFeedValidators(
            answer.validators, body: answer.body, contentType: answer.contentType, document: answer.document, for: url)
    }

    package func markUsed(_ url: String) throws(DigestError) {
        try store(creating: true)?.markFeedUsed(url)
    }

    /// The store, opened once; nil when it does not exist and `creating` is false (a folder
    /// that lost its state file is still an error, as it is for every other use). Before the
    /// first write, the answers unused for ``unusedDays`` days are pruned.
    private func store(creating: Bool) throws(DigestError) -> StateStore? {
        let result: Result<StateStore?, DigestError> = opened.withLock { opened in
            do throws(DigestError) {
                if opened.store == nil {
                    if !creating, !FileManager.default.fileExists(atPath: path) {
                        let marker = messages.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + StateStore.markerName }
                        if marker.map(FileManager.default.fileExists(atPath:)) != true { return .success(nil) }
                    }
                    opened.store = try StateStore.open(at: path, messages: messages)
                }
                if creating, !opened.pruned, let store = opened.store {
                    opened.pruned = true
                    try store.pruneFeedAnswers(
                        unusedSince: Date(timeIntervalSinceNow: -Double(Self.unusedDays) * 86_400))
                }
                return .success(opened.store)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
