import Foundation

/// Fetching a feed the way a considerate feed reader does: asking the host whether it changed
/// since the last run (`If-None-Match`, `If-Modified-Since`) and, when the host answers
/// `304 Not Modified`, using the document parsed from the last full answer without parsing again.
///
/// Validators are sent only when something was kept to read on a `304`: a document this
/// version of digest made (``FeedDocument/format``), or a body to parse (kept by an older
/// digest, or one that could not be parsed). A full answer's validators and parsed document
/// replace what was kept; the body is then dropped. A `304` that changes nothing records only
/// that the answer was used, at most once a day (``useInterval``), so it costs a row read.
/// Without a ``FeedCache`` every fetch is a plain GET. A cache that cannot be read or written
/// is reported on the source (the feed is then fetched whole), never a reason to skip the feed.
struct ConditionalFetch: Sendable {
    /// The fetcher of every request.
    var fetcher: HTTPFetcher
    /// Where answers are kept between runs; nil asks unconditionally.
    var cache: (any FeedCache)?

    /// How long a kept answer's last use stands before a `304` records a new one.
    static let useInterval: TimeInterval = 86_400

    /// The document at `address`: `parse` of a full answer, or the one kept from the last full
    /// answer when the host answers `304`. Problems with the cache are added to `notes`.
    ///
    /// - Throws: what ``HTTPFetcher/fetch(_:validators:)`` and `parse` throw, and
    ///   ``DigestError/fetchFailed(url:reason:)`` for a `304` to a request that was not conditional.
    func document(
        _ address: String, notes: inout [Diagnostic],
        parse: (HTTPFetcher.Answer) throws(DigestError) -> FeedDocument
    ) throws(DigestError) -> FeedDocument {
        guard let cache else { return try parse(fetcher.fetch(address)) }
        let kept: KeptFeedAnswer?
        do throws(DigestError) {
            kept = try cache.keptAnswer(for: address)
        } catch {
            notes.append(
                Self.note(
                    address, "the kept validators cannot be read", error,
                    skipped: "the conditional request (the whole feed was fetched)"))
            return try parse(fetcher.fetch(address))
        }
        let usable = kept.flatMap { $0.canAnswerNotModified ? $0 : nil }
        var answer = try fetcher.fetch(address, validators: usable?.validators ?? FeedValidators())
        if answer.notModified {
            guard let usable else {
                throw .fetchFailed(
                    url: address, reason: "the server answered 304 Not Modified to a request that was not conditional")
            }
            if let document = usable.document.flatMap(FeedDocument.init) {
                if answer.validators != usable.validators {
                    keep(KeptFeedAnswer(validators: answer.validators, body: nil, document: usable.document))
                } else if usable.usedAt.map({ -$0.timeIntervalSinceNow >= Self.useInterval }) ?? true {
                    markUsed()
                }
                return document
            }
            guard let body = usable.body else {
                // The kept document is damaged: what it said is lost, so the feed is asked for whole.
                notes.append(
                    Diagnostic(
                        location: SourceLocation(file: address),
                        problem: "the kept copy of the feed cannot be read", skipped: "it (the whole feed was fetched)")
                )
                answer = try fetcher.fetch(address)
                guard !answer.notModified else {
                    throw .fetchFailed(
                        url: address,
                        reason: "the server answered 304 Not Modified to a request that was not conditional")
                }
                return try keptAfter(parse, answer)
            }
            answer.bytes = body
            answer.contentType = usable.contentType
            return try keptAfter(parse, answer)
        }
        if answer.validators.isEmpty {
            // Without validators there is nothing to ask next time: what was kept is dropped.
            if kept != nil { keep(KeptFeedAnswer(validators: answer.validators, body: nil)) }
            return try parse(answer)
        }
        return try keptAfter(parse, answer)

        /// The parse of `answer`, kept with its validators (the body alone when it cannot be parsed).
        func keptAfter(
            _ parse: (HTTPFetcher.Answer) throws(DigestError) -> FeedDocument, _ answer: HTTPFetcher.Answer
        ) throws(DigestError) -> FeedDocument {
            let document: FeedDocument
            do throws(DigestError) {
                document = try parse(answer)
            } catch {
                keep(KeptFeedAnswer(validators: answer.validators, body: answer.bytes, contentType: answer.contentType))
                throw error
            }
            keep(KeptFeedAnswer(validators: answer.validators, body: nil, document: document.kept))
            return document
        }

        func keep(_ new: KeptFeedAnswer) {
            do throws(DigestError) {
                try cache.keep(new, for: address)
            } catch {
                notes.append(
                    Self.note(
                        address, "the feed’s validators cannot be kept", error,
                        skipped: "keeping them (the next run fetches the whole feed)"))
            }
        }

        func markUsed() {
            do throws(DigestError) {
                try cache.markUsed(address)
            } catch {
                notes.append(
                    Self.note(
                        address, "the kept feed’s use cannot be recorded", error,
                        skipped: "recording it (it may be pruned as unused)"))
            }
        }
    }

    private static func note(_ address: String, _ what: String, _ error: DigestError, skipped: String) -> Diagnostic {
        var sentence = error.description
        if sentence.hasSuffix(".") { sentence.removeLast() }
        return Diagnostic(
            location: SourceLocation(file: address), problem: "\(what) (\(sentence))",
            skipped: skipped)
    }
}
