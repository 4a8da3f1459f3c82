import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Fetches a feed over http(s), with a timeout and a size limit.
struct HTTPFetcher: Sendable {
    /// Seconds to wait for the host to answer (and between packets).
    var timeout: Double
    /// The most bytes accepted.
    var limit: Int

    /// The body of a `2xx` answer, and the address it finally came from (after redirects).
    ///
    /// - Throws: ``DigestError/fetchFailed(url:reason:)`` when the host does not answer in time,
    ///   refuses, or answers with an error status; ``DigestError/tooLarge(path:limit:)``.
    func fetch(_ address: String) throws(DigestError) -> (bytes: [UInt8], url: URL) {
        guard let url = URL(string: address), url.host != nil else {
            throw .fetchFailed(url: address, reason: "it is not a valid http(s) address")
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 4
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue("digest/0.1", forHTTPHeaderField: "User-Agent")
        request.setValue(
            "application/rss+xml, application/atom+xml, application/feed+json, application/json, "
                + "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5", forHTTPHeaderField: "Accept")

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
        let (data, response, error) = box.get()
        if let error { throw .fetchFailed(url: address, reason: reason(error)) }
        guard let http = response as? HTTPURLResponse else {
            throw .fetchFailed(url: address, reason: "the answer is not an HTTP response")
        }
        guard (200..<300).contains(http.statusCode) else {
            throw .fetchFailed(
                url: address,
                reason:
                    "the server answered \(http.statusCode) \(HTTPURLResponse.localizedString(forStatusCode: http.statusCode))"
            )
        }
        let body = data ?? Data()
        guard body.count <= limit else { throw .tooLarge(path: address, limit: limit) }
        return ([UInt8](body), http.url ?? url)
    }

    private func reason(_ error: any Error) -> String {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .timedOut: return "the host did not answer within \(Self.seconds(timeout))"
            case .cannotConnectToHost: return "the host refused the connection"
            case .cannotFindHost, .dnsLookupFailed: return "the host name is not known"
            case .notConnectedToInternet, .networkConnectionLost: return "the network connection failed"
            default: break
            }
        }
        return (error as NSError).localizedDescription
    }

    private static func seconds(_ value: Double) -> String {
        value == 1 ? "1 second" : value == value.rounded() ? "\(Int(value)) seconds" : "\(value) seconds"
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
