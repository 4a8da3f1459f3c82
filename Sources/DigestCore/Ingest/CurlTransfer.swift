internal import CCurl
import Foundation

/// The only file that calls libcurl: one blocking HTTP GET, without following redirects.
///
/// libcurl waits for the host in `poll`, so a host that accepts and never answers costs no
/// CPU while digest waits (Foundation's URLSession on Linux spun at 40–60 % of a core). It
/// asks for and inflates gzip and deflate, speaks only `http` and `https`, and gives up when
/// nothing arrives for `idle` seconds, when the whole answer takes longer than `total`, or
/// when the body grows past `limit` bytes.
enum CurlTransfer {
    /// One answer: status, headers (names lower-cased, the last of each), body.
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        /// The `Location` of a redirect, resolved by libcurl against the request's URL; nil otherwise.
        var redirect: String?
    }

    /// Why a request got no answer.
    enum Failure: Error {
        case timedOut, refused, unknownHost, tooLarge, badEncoding
        case other(String)
    }

    /// GETs `url` with `headers`, within the given limits.
    static func get(
        _ url: String, headers: [String], userAgent: String, idle: Double, total: Double, limit: Int
    ) -> Result<Response, Failure> {
        _ = initialized
        guard let handle = curl_easy_init() else { return .failure(.other("libcurl could not start a transfer")) }
        defer { curl_easy_cleanup(handle) }
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }
        let sink = Sink(limit: limit)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        _ = digest_curl_set_string(handle, CURLOPT_URL, url)
        _ = digest_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = digest_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = digest_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = digest_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "gzip, deflate")
        _ = digest_curl_set_string(handle, CURLOPT_USERAGENT, userAgent)
        _ = digest_curl_set_list(handle, CURLOPT_HTTPHEADER, list)
        _ = digest_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(idle))
        _ = digest_curl_set_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(total))
        // Less than 1 byte a second for `idle` seconds: the host is not answering.
        _ = digest_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
        _ = digest_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, max(1, Int(idle.rounded(.up))))
        _ = digest_curl_set_callback(handle, CURLOPT_WRITEFUNCTION, writeBody)
        _ = digest_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = digest_curl_set_callback(handle, CURLOPT_HEADERFUNCTION, writeHeader)
        _ = digest_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        let code = withExtendedLifetime(sink) { curl_easy_perform(handle) }
        switch code {
        case CURLE_OK: break
        case CURLE_OPERATION_TIMEDOUT: return .failure(.timedOut)
        case CURLE_COULDNT_CONNECT: return .failure(.refused)
        case CURLE_COULDNT_RESOLVE_HOST: return .failure(.unknownHost)
        case CURLE_WRITE_ERROR where sink.overflowed: return .failure(.tooLarge)
        case CURLE_BAD_CONTENT_ENCODING: return .failure(.badEncoding)
        default: return .failure(.other(String(cString: curl_easy_strerror(code))))
        }
        var status = 0
        _ = digest_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var redirect: UnsafeMutablePointer<CChar>?
        _ = digest_curl_get_string(handle, CURLINFO_REDIRECT_URL, &redirect)
        return .success(
            Response(
                status: status, headers: sink.headers, body: sink.body,
                redirect: (300..<400).contains(status) ? redirect.map { String(cString: $0) } : nil))
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded()))
    }

    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()
}

/// Where libcurl's callbacks put the answer; used by one transfer on one thread.
private final class Sink {
    let limit: Int
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    var overflowed = false

    init(limit: Int) {
        self.limit = limit
    }
}

private func writeBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
)
    -> Int
{
    guard let data, let context else { return 0 }
    let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard sink.body.count + length <= sink.limit else {
        sink.overflowed = true
        return 0
    }
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

private func writeHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let context else { return 0 }
    let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
    if line.hasPrefix("HTTP/") {
        sink.headers = [:]  // A new response (after a 100 Continue): its headers only.
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        sink.headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return length
}
