import DigestPreview
import DigestTestSupport
import Foundation
import Testing

/// `--open`: which program is started, and what is said when there is none.
struct BrowserLauncherTests {
    @Test func withoutADisplayNothingIsStartedAndTheReasonIsGiven() async {
        let result = await BrowserLauncher.open("http://127.0.0.1:1/", environment: ["PATH": "/usr/bin:/bin"])
        #expect(result == .unavailable(reason: "there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set)"))
    }

    @Test func theBrowserVariableIsHonoured() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("opened.txt").path
        let script = folder.appendingPathComponent("fake-browser").path
        // The log appears whole (written aside, then renamed), so its existence is the condition to wait for.
        try Self.writeExecutable("#!/bin/sh\necho \"$1\" > '\(log).part' && mv '\(log).part' '\(log)'\n", to: script)
        // Tests running beside this one start processes: one forked while the script was open
        // for writing holds it until its exec, and starting the script then fails (ETXTBSY).
        var result = await BrowserLauncher.open("http://127.0.0.1:8025/", environment: ["BROWSER": script])
        for _ in 0..<20 where result != .opened(program: script) {
            try await Task.sleep(for: .milliseconds(100))
            result = await BrowserLauncher.open("http://127.0.0.1:8025/", environment: ["BROWSER": script])
        }
        #expect(result == .opened(program: script))
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: log), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "http://127.0.0.1:8025/\n")
    }

    /// Writes `text` to a new executable file through a descriptor closed on exec, so no
    /// process started meanwhile keeps it open for writing.
    private static func writeExecutable(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    @Test func aMissingProgramIsReported() async {
        let result = await BrowserLauncher.open("http://127.0.0.1:1/", environment: ["BROWSER": "/no/such/browser"])
        #expect(result == .unavailable(reason: "none of /no/such/browser could be started"))
    }
}
