import DigestTestSupport
import Foundation
import Testing

/// Golden files: compared byte for byte; re-recorded only when `RECORD_GOLDEN=1`, and then
/// the test fails so a re-record never passes by accident.
enum Golden {
    static func assertMatches(_ bytes: [UInt8], file name: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let path = TestFiles.golden(name)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            Issue.record(
                "Recorded \(name); run again without RECORD_GOLDEN to compare.", sourceLocation: sourceLocation)
            return
        }
        let expected = try #require(
            FileManager.default.contents(atPath: path), "missing golden file \(path); record it with RECORD_GOLDEN=1",
            sourceLocation: sourceLocation)
        let actual = path + ".actual"
        if Data(bytes) != expected {
            try Data(bytes).write(to: URL(fileURLWithPath: actual))
            Issue.record(
                "\(name) differs from the golden file; see \(actual) (diff them)", sourceLocation: sourceLocation)
        } else {
            try? FileManager.default.removeItem(atPath: actual)  // A match clears an earlier mismatch.
        }
    }
}
