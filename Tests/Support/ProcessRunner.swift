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

/// Runs a program to completion, feeding it `input`, on a thread of its own: the calling task
/// suspends meanwhile and holds none of Swift concurrency's few pool threads.
public func runProcess(
    _ executable: String, _ arguments: [String], input: Data? = nil, directory: URL? = nil,
    environment: [String: String]? = nil
) async throws -> ProcessResult {
    try await offThePool {
        try runProcessBlocking(executable, arguments, input: input, directory: directory, environment: environment)
    }
}

/// Runs a program to completion, feeding it `input`, blocking the calling thread: only for a
/// thread of its own (inside ``offThePool(_:)``), never directly in a test.
public func runProcessBlocking(
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
    // Read both pipes concurrently (stderr on a thread of its own) so a chatty child never
    // blocks on a full pipe.
    nonisolated(unsafe) var errorData = Data()
    let errorsRead = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        errorData = stderr.fileHandleForReading.readDataToEndOfFile()
        errorsRead.signal()
    }
    if let input { stdin.fileHandleForWriting.write(input) }
    try? stdin.fileHandleForWriting.close()
    let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
    errorsRead.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, stdout: outputData, stderr: String(decoding: errorData, as: UTF8.self))
}
