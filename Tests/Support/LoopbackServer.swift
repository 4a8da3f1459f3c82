import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A tiny HTTP/1.0 server on 127.0.0.1 for tests: answers every request with one canned
/// response, or (when `silent`) accepts connections and never answers. Stops when released.
/// It accepts and answers on a thread of its own, which alone closes the listening socket, so
/// its number cannot be reused by another server while the thread still accepts on it.
public final class LoopbackServer: @unchecked Sendable {
    /// The port it listens on.
    public let port: UInt16
    private let socket: Int32
    private let thread: Thread

    /// Starts a server answering `status` with `body`, or never answering when `silent`.
    public init(status: Int = 200, contentType: String = "application/xml", body: [UInt8] = [], silent: Bool = false)
        throws
    {
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
        let header = "HTTP/1.0 \(status) X\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n"
        let response = Array(header.utf8) + body
        thread = Thread {
            var held: [Int32] = []
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { break }
                if silent {
                    held.append(client)  // Keep it open, say nothing.
                    continue
                }
                var buffer = [UInt8](repeating: 0, count: 65536)
                _ = recv(client, &buffer, buffer.count, 0)
                _ = response.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
            }
            held.forEach { close($0) }
            close(fd)
        }
        thread.start()
    }

    /// The URL of `path` on this server.
    public func url(_ path: String = "/feed") -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    deinit {
        shutdown(socket, Int32(SHUT_RDWR))  // Wakes the thread's accept, which then closes it.
    }
}
