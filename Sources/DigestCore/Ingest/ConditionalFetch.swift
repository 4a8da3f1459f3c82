/// Fetching a feed the way a considerate feed reader does: asking the host whether it changed
/// since the last run (`If-None-Match`, `If-Modified-Since`) and reading the kept body when the
/// host answers `304 Not Modified`.
///
/// Validators are sent only when a body was kept with them, so a `304` always has something
/// to read; a full answer's validators, body and `Content-Type` replace what was kept. Without
/// a ``FeedCache`` every fetch is a plain GET. A cache that cannot be read or written is
/// reported on the source (the feed is then fetched whole), never a reason to skip the feed.
struct ConditionalFetch: Sendable {
    /// The fetcher of every request.
    var fetcher: HTTPFetcher
    /// Where answers are kept between runs; nil asks unconditionally.
    var cache: (any FeedCache)?

    /// The answer for `address`, with a kept body in place of a `304`'s empty one; problems with
    /// the cache are added to `notes`.
    ///
    /// - Throws: what ``HTTPFetcher/fetch(_:validators:)`` throws, and
    ///   ``DigestError/fetchFailed(url:reason:)`` for a `304` to a request that was not conditional.
    func fetch(_ address: String, notes: inout [Diagnostic]) throws(DigestError) -> HTTPFetcher.Answer {
        guard let cache else { return try fetcher.fetch(address) }
        let kept: KeptFeedAnswer?
        do throws(DigestError) {
            kept = try cache.keptAnswer(for: address)
        } catch {
            notes.append(
                Self.note(
                    address, "the kept validators cannot be read", error,
                    skipped: "the conditional request (the whole feed was fetched)"))
            return try fetcher.fetch(address)
        }
        let usable = kept.flatMap { $0.body == nil || $0.validators.isEmpty ? nil : $0 }
        var answer = try fetcher.fetch(address, validators: usable?.validators ?? FeedValidators())
        if answer.notModified {
            guard let usable, let body = usable.body else {
                throw .fetchFailed(
                    url: address, reason: "the server answered 304 Not Modified to a request that was not conditional")
            }
            if answer.validators != usable.validators {
                keep(KeptFeedAnswer(validators: answer.validators, body: body, contentType: usable.contentType))
            }
            answer.bytes = body
            answer.contentType = usable.contentType
            return answer
        }
        if !answer.validators.isEmpty || kept != nil {
            // Without validators there is nothing to ask next time: what was kept is dropped.
            keep(
                KeptFeedAnswer(
                    validators: answer.validators, body: answer.validators.isEmpty ? nil : answer.bytes,
                    contentType: answer.contentType))
        }
        return answer

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
    }

    private static func note(_ address: String, _ what: String, _ error: DigestError, skipped: String) -> Diagnostic {
        var sentence = error.description
        if sentence.hasSuffix(".") { sentence.removeLast() }
        return Diagnostic(
            location: SourceLocation(file: address), problem: "\(what) (\(sentence))",
            skipped: skipped)
    }
}
