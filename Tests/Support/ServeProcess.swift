import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built `digest serve`, started on a free loopback port (`--listen 127.0.0.1:0`) for one
/// test; stopped (SIGTERM, or SIGKILL when asked) by the test.
public final class ServeProcess: @unchecked Sendable {
    /// The built executable.
    public static var binary: String {
        let beside = Bundle.main.bundleURL.appendingPathComponent("digest").path
        return FileManager.default.isExecutableFile(atPath: beside)
            ? beside : TestFiles.packageRoot.appendingPathComponent(".build/debug/digest").path
    }

    public let process = Process()
    /// The port it listens on.
    public private(set) var port = 0
    private let errors = Pipe()
    private let log = NSLock()
    private var logged = Data()
    private var drained = false

    /// Starts `digest serve` with `arguments` and the secret, and waits until it listens.
    public static func start(_ arguments: [String], secret: String, in folder: URL) async throws -> ServeProcess {
        let serve = ServeProcess()
        try await offThePool { try serve.launch(arguments, secret: secret, in: folder) }
        return serve
    }

    private func launch(_ arguments: [String], secret: String, in folder: URL) throws {
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(["DIGEST_UNSUBSCRIBE_SECRET": secret]) {
            $1
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read the log as it comes, so a busy server never blocks on a full pipe.
        Thread.detachNewThread { [self] in
            while true {
                let chunk = errors.fileHandleForReading.availableData
                log.withLock {
                    logged += chunk
                    if chunk.isEmpty { drained = true }
                }
                if chunk.isEmpty { break }
            }
        }
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: "http://127.0.0.1:"),
                let number = Int(seen[range.upperBound...].prefix { $0.isNumber })
            {
                port = number
                return
            }
        }
        process.terminate()
        throw RawHTTP.Failure("digest serve did not start: \(seen)")
    }

    /// Stops it with `signal` and waits; returns what it wrote on stderr (its log).
    public func stop(signal: Int32 = SIGTERM) async throws -> String {
        try await offThePool {
            kill(self.process.processIdentifier, signal)
            self.process.waitUntilExit()
            let deadline = Date().addingTimeInterval(10)
            while !self.log.withLock({ self.drained }), Date() < deadline { usleep(20_000) }
            return self.log.withLock { String(decoding: self.logged, as: UTF8.self) }
        }
    }
}
