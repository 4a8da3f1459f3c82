import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.0 server on 127.0.0.1 for tests: each request's path and headers go to a
/// closure that says what to answer (or, with nil, to keep the connection open and say
/// nothing, like a silent host); a convenience initializer answers everything the same way.
/// Stops when released. It accepts and answers on a thread of its own, which alone closes the
/// listening socket, so its number cannot be reused by another server while the thread still
/// accepts on it.
public final class LoopbackServer: @unchecked Sendable {
    /// One request as the server read it.
    public struct Request: Sendable {
        /// `/feed.xml`.
        public var path: String
        /// Header names lower-cased.
        public var headers: [String: String]
    }

    /// What to answer.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// Header fields besides `Content-Length` and `Connection`.
        public var headers: [(String, String)]
        /// The body.
        public var body: [UInt8]

        /// An answer of `status` with `headers` and `body`.
        public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// The port it listens on.
    public let port: UInt16
    private let listener: Int32
    private let log = RequestLog()

    /// Every request received so far, in order.
    public var requests: [Request] { log.all }

    /// Starts a server that answers each request with `respond(request)`, or holds the
    /// connection open without a word when it returns nil.
    public init(_ respond: @escaping @Sendable (Request) -> Response?) throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw InspectionError(message: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw InspectionError(message: "bind/listen failed")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = fd
        let log = self.log
        Thread {
            var held: [Int32] = []
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { break }
                guard let request = Self.readRequest(client) else {
                    close(client)
                    continue
                }
                log.append(request)
                guard let response = respond(request) else {
                    held.append(client)  // Keep it open, say nothing.
                    continue
                }
                var head = "HTTP/1.0 \(response.status) X\r\n"
                for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
                head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
                let bytes = Array(head.utf8) + response.body
                _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
            }
            held.forEach { close($0) }
            close(fd)
        }.start()
    }

    /// Starts a server answering every request with `status` and `body`, or never answering
    /// when `silent`.
    public convenience init(
        status: Int = 200, contentType: String = "application/xml", body: [UInt8] = [], silent: Bool = false
    ) throws {
        let response = Response(status: status, headers: [("Content-Type", contentType)], body: body)
        try self.init { _ in silent ? nil : response }
    }

    /// The URL of `path` on this server.
    public func url(_ path: String = "/feed") -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// Reads up to the blank line that ends the request's head.
    private static func readRequest(_ client: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count < 65536 {
            let count = recv(client, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data += buffer[0..<count]
            if String(decoding: data, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        let lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Request(path: String(parts[1]), headers: headers)
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))  // Wakes the thread's accept, which then closes it.
    }

    /// The requests seen, shared by the server and its thread.
    private final class RequestLog: @unchecked Sendable {
        private let lock = NSLock()
        private var requests: [Request] = []

        var all: [Request] {
            lock.withLock { requests }
        }

        func append(_ request: Request) {
            lock.withLock { requests.append(request) }
        }
    }
}
