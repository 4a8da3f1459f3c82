import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.0 server on 127.0.0.1 for tests whose answer depends on the request: each
/// request's path and headers go to `respond`, which says what to send. Stops when released.
public final class RoutingServer: @unchecked Sendable {
    /// One request as the server read it.
    public struct Request: Sendable {
        /// `/feed.xml`.
        public var path: String
        /// Header names lower-cased.
        public var headers: [String: String]
    }

    /// What to answer.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// The port it listens on.
    public let port: UInt16
    private let socket: Int32
    private let lock = NSLock()
    private var seen: [Request] = []

    /// Every request received so far, in order.
    public var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    /// Starts a server that answers each request with `respond(request)`.
    public init(_ respond: @escaping @Sendable (Request) -> Response) throws {
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
        socket = fd
        Thread { [weak self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { break }
                guard let request = Self.readRequest(client) else {
                    close(client)
                    continue
                }
                self?.record(request)
                let response = respond(request)
                var head = "HTTP/1.0 \(response.status) X\r\n"
                for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
                head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
                let bytes = Array(head.utf8) + response.body
                _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
            }
        }.start()
    }

    /// The URL of `path` on this server.
    public func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    private func record(_ request: Request) {
        lock.lock()
        seen.append(request)
        lock.unlock()
    }

    /// Reads up to the blank line that ends the request's head.
    private static func readRequest(_ client: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count < 65536 {
            let count = recv(client, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data += buffer[0..<count]
            if data.count >= 4,
                data.suffix(4) == [13, 10, 13, 10] || String(decoding: data, as: UTF8.self).contains("\r\n\r\n")
            {
                break
            }
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
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }
}
