import Foundation

/// What a finished child process left.
public struct ProcessResult: Sendable {
    /// The exit status.
    public let status: Int32
    /// Everything it printed on stdout.
    public let stdout: Data
    /// Everything it printed on stderr, as text.
    public let stderr: String

    /// Stdout as text.
    public var output: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs a program to completion, feeding it `input`.
public func runProcess(
    _ executable: String, _ arguments: [String], input: Data? = nil, directory: URL? = nil,
    environment: [String: String]? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let stdout = Pipe()
    let stderr = Pipe()
    let stdin = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = stdin
    try process.run()
    // Read both pipes concurrently so a chatty child never blocks on a full pipe.
    nonisolated(unsafe) var errorData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errorData = stderr.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    if let input { stdin.fileHandleForWriting.write(input) }
    try? stdin.fileHandleForWriting.close()
    let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, stdout: outputData, stderr: String(decoding: errorData, as: UTF8.self))
}
