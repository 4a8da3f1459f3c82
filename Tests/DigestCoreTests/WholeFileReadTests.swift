import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// `System.contents(of:)`, which `digest send` reads each message file with: the whole file,
/// read straight into the array its size asks for, whatever that size.
struct WholeFileReadTests {
    @Test(arguments: [0, 1, 65_535, 65_536, 150_001])
    func aFileIsReadWhole(size: Int) throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("message.eml").path
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try System.contents(of: path) == bytes)
    }

    /// A file whose size `fstat` does not tell (0 for /proc files) is read to its end all the same.
    @Test func aFileOfUnknownSizeIsReadToItsEnd() throws {
        let status = try System.contents(of: "/proc/self/status")
        #expect(String(decoding: status, as: UTF8.self).hasPrefix("Name:"))
        #expect(throws: System.Failure.self) { try System.contents(of: "/nonexistent/message.eml") }
    }
}
