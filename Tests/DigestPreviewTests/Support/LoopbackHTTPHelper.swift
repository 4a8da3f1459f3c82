import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A deliberately dumb HTTP/1.1 client over a plain socket: it sends the path exactly as
/// given (no normalising of `..`, unlike URLSession or curl), so tests see what the server does.
struct LoopbackHTTP {
    /// One response.
    struct Response {
        /// The status code.
        let status: Int
        /// Header fields, names lowercased.
        let headers: [String: String]
        /// The body as text.
        let body: String
        /// The body's bytes.
        let data: Data
    }

    let port: UInt16

    /// Sends `GET path` to 127.0.0.1 and reads the response, on a thread of its own: the
    /// blocking socket calls must not hold one of the few threads the server's tasks run on.
    func get(_ path: String) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingGet(path) })
            }
        }
    }

    private func blockingGet(_ path: String) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "socket() failed") }
        defer { close(fd) }
        // Generous: the suite runs in parallel on two cores, and a CI run once saw the preview
        // server take more than 10 s to build a large personal message.
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(message: "connect() to port \(port) failed") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard write(fd, request, request.count) == request.count else { throw Failure(message: "write() failed") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
            if let response = Self.complete(received) { return response }
        }
        guard let response = Self.complete(received, atEnd: true) else {
            throw Failure(message: "no complete response for \(path)")
        }
        return response
    }

    /// The response in `bytes` once its body (by Content-Length) is all there.
    private static func complete(_ bytes: [UInt8], atEnd: Bool = false) -> Response? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let statusLine = head.first, statusLine.hasPrefix("HTTP/1."),
            let status = Int(statusLine.split(separator: " ")[1])
        else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        let headLength = text[..<split.upperBound].utf8.count
        let body = Array(bytes[headLength...])
        if let length = headers["content-length"].flatMap(Int.init), body.count < length, !atEnd { return nil }
        if headers["content-length"] == nil, !atEnd { return nil }
        return Response(
            status: status, headers: headers, body: String(decoding: body, as: UTF8.self), data: Data(body))
    }

    /// A failure of the client itself.
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
