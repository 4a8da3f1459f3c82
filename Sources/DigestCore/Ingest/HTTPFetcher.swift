import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Fetches a feed over http(s), with a timeout and a size limit.
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
        var validators: Validators
        /// Whether the server answered `304 Not Modified`.
        var notModified: Bool = false
    }

    /// An earlier answer's `ETag` and `Last-Modified`, for a conditional request.
    struct Validators: Sendable, Equatable {
        var etag: String?
        var lastModified: String?
    }

    /// The answer to a request for `address`.
    ///
    /// - Throws: ``DigestError/fetchFailed(url:reason:)`` when the host does not answer in time,
    ///   refuses, redirects elsewhere than http(s), or answers with an error status;
    ///   ``DigestError/tooLarge(path:limit:)``.
    func fetch(_ address: String, validators: Validators = Validators()) throws(DigestError) -> Answer {
        guard let url = URL(string: address), url.host != nil else {
            throw .fetchFailed(url: address, reason: "it is not a valid http(s) address")
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 4
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let guardian = RedirectGuard()
        let session = URLSession(configuration: configuration, delegate: guardian, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue(Self.userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue(
            "application/rss+xml, application/atom+xml, application/feed+json, application/json, "
                + "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.3", forHTTPHeaderField: "Accept")
        if let etag = validators.etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let date = validators.lastModified { request.setValue(date, forHTTPHeaderField: "If-Modified-Since") }

        let box = FetchResult()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            box.set(data: data, response: response, error: error)
            done.signal()
        }
        task.resume()
        // The session's own timeouts should fire first; this bounds the wait whatever happens.
        if done.wait(timeout: .now() + timeout * 4 + 2) == .timedOut {
            task.cancel()
            throw .fetchFailed(url: address, reason: "the host did not answer within \(Self.seconds(timeout))")
        }
        if let refused = guardian.refused {
            throw .fetchFailed(
                url: address,
                reason: "the server redirected to “\(ListingParser.excerpt(refused))”, which is not an http(s) address")
        }
        let (data, response, error) = box.get()
        if let error { throw .fetchFailed(url: address, reason: reason(error)) }
        guard let http = response as? HTTPURLResponse else {
            throw .fetchFailed(url: address, reason: "the answer is not an HTTP response")
        }
        let next = Validators(
            etag: http.value(forHTTPHeaderField: "ETag") ?? validators.etag,
            lastModified: http.value(forHTTPHeaderField: "Last-Modified") ?? validators.lastModified)
        if http.statusCode == 304 {
            return Answer(bytes: [], url: http.url ?? url, contentType: nil, validators: next, notModified: true)
        }
        guard (200..<300).contains(http.statusCode) else {
            throw .fetchFailed(
                url: address,
                reason:
                    "the server answered \(http.statusCode) \(HTTPURLResponse.localizedString(forStatusCode: http.statusCode))"
            )
        }
        let body = [UInt8](data ?? Data())
        guard body.count <= limit else { throw .tooLarge(path: address, limit: limit) }
        return Answer(
            bytes: body, url: http.url ?? url, contentType: http.value(forHTTPHeaderField: "Content-Type"),
            validators: next)
    }

    private func reason(_ error: any Error) -> String {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .timedOut: return "the host did not answer within \(Self.seconds(timeout))"
            case .cannotConnectToHost: return "the host refused the connection"
            case .cannotFindHost, .dnsLookupFailed: return "the host name is not known"
            case .notConnectedToInternet, .networkConnectionLost: return "the network connection failed"
            case .cannotDecodeContentData, .cannotDecodeRawData:
                return "the compressed answer could not be decompressed"
            default: break
            }
        }
        return (error as NSError).localizedDescription
    }

    private static func seconds(_ value: Double) -> String {
        value == 1 ? "1 second" : value == value.rounded() ? "\(Int(value)) seconds" : "\(value) seconds"
    }
}

/// Follows a redirect only to an `http:` or `https:` address; remembers the first one refused.
private final class RedirectGuard: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var refusedTarget: String?

    var refused: String? {
        lock.lock()
        defer { lock.unlock() }
        return refusedTarget
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        // The Location as the server wrote it: Foundation on Linux turns `file:///x` into a path on the same host.
        let location = response.value(forHTTPHeaderField: "Location")?.trimmingCharacters(in: .whitespaces)
        let scheme = request.url?.scheme?.lowercased()
        if location.map(Self.isWebOrRelative) ?? true, scheme == "http" || scheme == "https" {
            completionHandler(request)
            return
        }
        lock.lock()
        refusedTarget = refusedTarget ?? location ?? request.url?.absoluteString
        lock.unlock()
        completionHandler(nil)
    }
}

extension RedirectGuard {
    /// Whether a `Location` is an http(s) URL or relative (no scheme of its own).
    fileprivate static func isWebOrRelative(_ location: String) -> Bool {
        guard let colon = location.firstIndex(of: ":") else { return true }
        let scheme = location[..<colon]
        guard let first = scheme.first, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return true }  // `/a:b` is a path.
        return ["http", "https"].contains(scheme.lowercased())
    }
}

/// The answer of one request, handed from URLSession's queue to the waiting caller.
private final class FetchResult: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var data: Data?
    private var response: URLResponse?
    private var error: (any Error)?

    func set(data: Data?, response: URLResponse?, error: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        self.data = data
        self.response = response
        self.error = error
    }

    func get() -> (Data?, URLResponse?, (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        return (data, response, error)
    }
}
