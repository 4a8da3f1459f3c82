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
        try "#!/bin/sh\necho \"$1\" > '\(log).part' && mv '\(log).part' '\(log)'\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let result = await BrowserLauncher.open("http://127.0.0.1:8025/", environment: ["BROWSER": script])
        #expect(result == .opened(program: script))
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: log), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "http://127.0.0.1:8025/\n")
    }

    @Test func aMissingProgramIsReported() async {
        let result = await BrowserLauncher.open("http://127.0.0.1:1/", environment: ["BROWSER": "/no/such/browser"])
        #expect(result == .unavailable(reason: "none of /no/such/browser could be started"))
    }
}
