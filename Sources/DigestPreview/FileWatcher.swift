import DigestCore
import Foundation

/// Notices edits by comparing modification times and sizes of files, and of the files in
/// folders, between two looks, on a thread of its own. Polling is plain and portable; the
/// watched set is small. What it calls on a change (a rebuild) runs on that thread too.
final class FileWatcher: @unchecked Sendable {
    private let paths: [String]
    private let interval: Duration
    private let onChange: @Sendable () -> Void
    /// Guards `stopping` and wakes the thread early when it is set.
    private let condition = NSCondition()
    private var stopping = false
    private let ended = DispatchSemaphore(value: 0)

    /// Starts watching `paths` (files or folders; missing ones count when they appear), looking
    /// every `interval` and calling `onChange` after a look that saw a change.
    init(paths: [String], interval: Duration, onChange: @escaping @Sendable () -> Void) {
        self.paths = paths
        self.interval = interval
        self.onChange = onChange
        let first = FileWatcher.stamps(of: paths)
        let thread = Thread { [self] in watch(from: first) }
        thread.name = "digest preview file watcher"
        thread.start()
    }

    /// Stops the thread and waits, suspended, until it has ended (after the rebuild in
    /// progress, if any).
    func stop() async {
        condition.withLock {
            stopping = true
            condition.signal()
        }
        let ended = ended
        await onThreadOfItsOwn { ended.wait() }
    }

    private func watch(from first: [String: String]) {
        defer { ended.signal() }
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        var last = first
        while !pause(seconds) {
            var now = FileWatcher.stamps(of: paths)
            guard now != last else { continue }
            // Let a save finish (an atomic write shows a temporary file first, an editor may
            // write twice): rebuild once two looks 20 ms apart agree, or after half a second.
            for _ in 0..<25 {
                if pause(0.02) { return }
                let again = FileWatcher.stamps(of: paths)
                if again == now { break }
                now = again
            }
            last = now
            onChange()
        }
    }

    /// Sleeps `seconds` unless told to stop; whether it was.
    private func pause(_ seconds: Double) -> Bool {
        condition.withLock {
            if !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: seconds)) }
            return stopping
        }
    }

    private static func stamps(of paths: [String]) -> [String: String] {
        var stamps: [String: String] = [:]
        let manager = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
                stamps[path] = "missing"
                continue
            }
            // A folder's own time changes when a hidden file comes or goes, such as the temporary
            // file of an atomic save before its rename: only the files in it count.
            stamps[path] = isFolder.boolValue ? "folder" : stamp(path)
            guard isFolder.boolValue, let names = try? manager.contentsOfDirectory(atPath: path) else { continue }
            for name in names where !name.hasPrefix(".") {
                let file = (path as NSString).appendingPathComponent(name)
                stamps[file] = stamp(file)
            }
        }
        return stamps
    }

    private static func stamp(_ path: String) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "unreadable" }
        let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
        return "\(date)/\(size)"
    }
}
