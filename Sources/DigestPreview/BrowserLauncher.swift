import DigestCore
import Foundation

/// Opens a URL in the user's browser when this machine has one to show.
package enum BrowserLauncher {
    /// What happened.
    package enum Result: Sendable, Equatable {
        /// The named program was started with the URL.
        case opened(program: String)
        /// No browser could be started; the sentence says why.
        case unavailable(reason: String)
    }

    /// Opens `url` with `$BROWSER` when set, else (with a display) `xdg-open`, `chromium`,
    /// `firefox` or `sensible-browser` on Linux, `open` on macOS. Does not wait for the browser;
    /// looking for it and starting it happen on a thread of their own.
    ///
    /// - Parameters:
    ///   - url: the page to open.
    ///   - environment: the variables to read (`BROWSER`, `DISPLAY`, `WAYLAND_DISPLAY`, `PATH`);
    ///     nil reads the process's own.
    package static func open(_ url: String, environment: [String: String]? = nil) async -> Result {
        await onThreadOfItsOwn { start(url, environment: environment) }
    }

    private static func start(_ url: String, environment: [String: String]?) -> Result {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        func find(_ program: String) -> String? {
            if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
            return path.map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        var candidates: [String] = []
        if let chosen = environment["BROWSER"], !chosen.isEmpty {
            candidates = chosen.split(separator: ":").map(String.init)
        } else {
            #if os(macOS)
                candidates = ["open"]
            #else
                let display = [environment["DISPLAY"], environment["WAYLAND_DISPLAY"]].contains { !($0 ?? "").isEmpty }
                guard display else {
                    return .unavailable(reason: "there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set)")
                }
                candidates = ["xdg-open", "chromium", "firefox", "sensible-browser"]
            #endif
        }
        for candidate in candidates {
            guard let program = find(candidate) else { continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = [url]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
                return .opened(program: candidate)
            } catch {
                continue
            }
        }
        return .unavailable(reason: "none of \(candidates.joined(separator: ", ")) could be started")
    }
}
