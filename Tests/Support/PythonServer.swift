import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A test SMTP server in Python (`Tests/DigestSMTPTests/Servers/<script>`), started for one
/// test on a free loopback port.
public final class PythonServer: @unchecked Sendable {
    /// The loopback port it listens on.
    public let port: Int
    private let process: Process

    /// Starts `script` with `arguments` and reads the port it prints.
    public static func start(_ script: String, _ arguments: [String]) async throws -> PythonServer {
        try await offThePool { try PythonServer(script: script, arguments: arguments) }
    }

    /// Whether Python has `modules` (`"aiosmtpd"`, `"dkim, nacl"`).
    public static func pythonHas(_ modules: String) async -> Bool {
        (try? await runProcess("/usr/bin/env", ["python3", "-c", "import \(modules)"]).status) == 0
    }

    private init(script: String, arguments: [String]) throws {
        let path = TestFiles.packageRoot.appendingPathComponent("Tests/DigestSMTPTests/Servers/\(script)").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(10) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw PythonServerFailure(description: "\(script) did not start (run Scripts/setup --test)")
        }
        self.port = port
    }

    /// Kills the server. (Not waited for: Foundation reaps it, and `waitUntilExit` would spin
    /// on a pool thread.)
    public func stop() {
        kill(process.processIdentifier, SIGKILL)
    }
}

/// A server script that did not start, in a sentence.
struct PythonServerFailure: Error, CustomStringConvertible {
    let description: String
}
