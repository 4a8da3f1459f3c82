import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking  // HTTPURLResponse's status texts.
#endif

/// Fetches a feed over http(s) with libcurl (``CurlTransfer``), with a timeout and a size limit.
///
/// Sends a `User-Agent` naming digest and its version, accepts gzip, follows redirects only to
/// `http:` and `https:` addresses, and sends `If-None-Match`/`If-Modified-Since` when it is
/// given what an earlier answer said (a `304` is then ``Answer/notModified``).
struct HTTPFetcher: Sendable {
    /// Seconds to wait for the host to answer (and between packets).
    var timeout: Double
    /// The most bytes accepted.
    var limit: Int

    /// The `User-Agent` every request sends.
    static let userAgent = "digest/\(DigestVersion.current) (newsletter digest; feed reader)"

    /// What a server said about a feed.
    struct Answer: Sendable {
        /// The body; empty for a `304`.
        var bytes: [UInt8]
        /// The address it finally came from (after redirects).
        var url: URL
        /// The `Content-Type` header, if any.
        var contentType: String?
        /// The validators to send next time: `ETag` and `Last-Modified`.
        var validators: FeedValidators
        /// Whether the server answered `304 Not Modified`.
        var notModified: Bool = false
    }

    /// The answer to a request for `address`.
    ///
    /// - Throws: ``DigestError/fetchFailed(url:reason:)`` when the host does not answer in time,
    ///   refuses, redirects elsewhere than http(s), or answers with an error status;
    ///   ``DigestError/tooLarge(path:limit:)``.
    func fetch(_ address: String, validators: FeedValidators = FeedValidators()) throws(DigestError) -> Answer {
        guard var url = URL(string: address), url.host != nil else {
            throw .fetchFailed(url: address, reason: "it is not a valid http(s) address")
        }
        var headers = [
            "Accept: application/rss+xml, application/atom+xml, application/feed+json, application/json, "
                + "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.3"
        ]
        if let etag = validators.etag { headers.append("If-None-Match: \(etag)") }
        if let date = validators.lastModified { headers.append("If-Modified-Since: \(date)") }
        for _ in 0...Self.maximumRedirects {
            let result = CurlTransfer.get(
                url.absoluteString, headers: headers, userAgent: Self.userAgent, idle: timeout, total: timeout * 4,
                limit: limit)
            let response: CurlTransfer.Response
            switch result {
            case .success(let answer): response = answer
            case .failure(.tooLarge): throw .tooLarge(path: address, limit: limit)
            case .failure(let failure): throw .fetchFailed(url: address, reason: reason(failure))
            }
            if (300..<400).contains(response.status), response.status != 304 {
                let location = response.headers["location"] ?? ""
                guard RedirectTarget.isWebOrRelative(location),
                    let target = response.redirect.flatMap(URL.init(string:)),
                    ["http", "https"].contains(target.scheme?.lowercased() ?? "")
                else {
                    throw .fetchFailed(
                        url: address,
                        reason:
                            "the server redirected to “\(ListingParser.excerpt(location))”, which is not an http(s) address"
                    )
                }
                url = target
                continue
            }
            let given = FeedValidators(etag: response.headers["etag"], lastModified: response.headers["last-modified"])
            if response.status == 304 {
                // A 304 may leave out what did not change; a full answer's validators are its own.
                let next = FeedValidators(
                    etag: given.etag ?? validators.etag, lastModified: given.lastModified ?? validators.lastModified)
                return Answer(bytes: [], url: url, contentType: nil, validators: next, notModified: true)
            }
            guard (200..<300).contains(response.status) else {
                throw .fetchFailed(
                    url: address,
                    reason:
                        "the server answered \(response.status) \(HTTPURLResponse.localizedString(forStatusCode: response.status))"
                )
            }
            return Answer(
                bytes: response.body, url: url, contentType: response.headers["content-type"], validators: given)
        }
        throw .fetchFailed(url: address, reason: "the server redirected more than \(Self.maximumRedirects) times")
    }

    /// Redirects followed before giving up.
    static let maximumRedirects = 10

    private func reason(_ failure: CurlTransfer.Failure) -> String {
        switch failure {
        case .timedOut: "the host did not answer within \(Self.seconds(timeout))"
        case .refused: "the host refused the connection"
        case .unknownHost: "the host name is not known"
        case .badEncoding: "the compressed answer could not be decompressed"
        case .tooLarge: "the answer is larger than \(limit) bytes"
        case .other(let message): message.prefix(1).lowercased() + message.dropFirst()
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == 1 ? "1 second" : value == value.rounded() ? "\(Int(value)) seconds" : "\(value) seconds"
    }
}

/// What a redirect's `Location` may be.
enum RedirectTarget {
    /// Whether a `Location` is an http(s) URL or relative (no scheme of its own).
    static func isWebOrRelative(_ location: String) -> Bool {
        guard let colon = location.firstIndex(of: ":") else { return !location.isEmpty }
        let scheme = location[..<colon]
        guard let first = scheme.first, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return true }  // `/a:b` is a path.
        return ["http", "https"].contains(scheme.lowercased())
    }
}
