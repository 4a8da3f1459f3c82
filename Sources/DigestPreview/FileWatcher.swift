import Foundation

/// Notices edits by comparing modification times and sizes of files, and of the files in
/// folders, between two looks. Polling is plain and portable; the watched set is small.
struct FileWatcher: Sendable {
    private let paths: [String]
    private var last: [String: String]

    /// Starts watching `paths` (files or folders; missing ones count when they appear).
    init(paths: [String]) {
        self.paths = paths
        self.last = FileWatcher.stamps(of: paths)
    }

    /// Whether anything changed since the previous look.
    mutating func changed() -> Bool {
        let now = FileWatcher.stamps(of: paths)
        defer { last = now }
        return now != last
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
            stamps[path] = stamp(path)
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
