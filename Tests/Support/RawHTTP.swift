import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP/1.1 client that writes exactly the bytes it is given (so a test can send what no
/// library would) and reads the answer until the server closes or the body is complete. It
/// blocks, so it runs on a thread of its own (``offThePool(_:)``).
public enum RawHTTP {
    /// A failure of the client itself.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
        /// A failure saying `description`.
        public init(_ description: String) { self.description = description }
    }

    /// One answer.
    public struct Answer: Sendable {
        /// The status code; 0 when the server closed without answering.
        public let status: Int
        /// Header fields, names lower-cased.
        public let headers: [String: String]
        /// The body, as text.
        public let body: String
    }

    /// Sends `request` to 127.0.0.1:`port` and reads one answer.
    public static func send(_ request: [UInt8], port: Int, timeout: Double = 15) async throws -> Answer {
        try await offThePool {
            let fd = try connect(port: port, timeout: timeout)
            defer { close(fd) }
            try write(fd, request)
            return parse(readAll(fd))
        }
    }

    /// `method target` with `headers` and `body`, as HTTP/1.1 with `Connection: close`.
    public static func request(
        _ method: String, _ target: String, headers: [String: String] = [:], body: String = "", port: Int
    ) async throws -> Answer {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        return try await send(Array(text.utf8), port: port)
    }

    /// A connected socket to 127.0.0.1:`port` with a receive timeout.
    public static func connect(port: Int, timeout: Double) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawHTTP.Failure("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw RawHTTP.Failure("connect to port \(port) failed")
        }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Writes every byte, or throws when the server has closed.
    public static func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw RawHTTP.Failure("the server closed the connection while we wrote") }
            written += count
        }
    }

    /// Everything until the server closes (or the receive timeout).
    public static func readAll(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            result += buffer[..<count]
        }
        return result
    }

    /// The status, headers and body of the first answer in `bytes`.
    public static func parse(_ bytes: [UInt8]) -> Answer {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return Answer(status: 0, headers: [:], body: text) }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Answer(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
